// GENA eventing on the WAN connection service (UDA 2.0 §4; digest §6.1, §6.2): subscribe, the
// initial event, renewal, unsubscribe, the precondition errors and the CallStranger refusal.
// NOTIFYs arrive at igd's own listener, run on the session's io_context.
#include "check_support.hpp"

#include "igdkit/gena/headers.hpp"
#include "igdkit/gena/messages.hpp"
#include "igdkit/igd/eventing/notify_listener.hpp"

#include <memory>
#include <set>

namespace igdkit::conformance::support {
namespace gena_group {

using namespace std::chrono_literals;

// One subscriber for one check: a listener, what reached it, and the SID it holds.
struct subscriber {
  session& s;
  const igd::service& svc;
  std::vector<gena::notification> notifications;
  std::unique_ptr<igd::eventing::notify_listener> listener;
  std::string sid;
  http_answer answer;

  subscriber(session& ss, const igd::service& service, boost::asio::ip::address local) : s(ss), svc(service) {
    igd::eventing::listener_options o;
    o.local = local;
    listener = std::make_unique<igd::eventing::notify_listener>(s.io().get_executor(), o, [this](gena::notification n) {
      notifications.push_back(std::move(n));
      return 200u;
    });
  }
  ~subscriber() {
    if (!sid.empty()) (void)send(gena::make_unsubscribe_request(target(), sid));
    listener->stop();
  }
  subscriber(const subscriber&) = delete;
  subscriber& operator=(const subscriber&) = delete;

  std::string target() const { return std::string(svc.event_url->encoded_target()); }
  http_answer send(http_request req) { return s.http(*svc.event_url, std::move(req)); }
  bool start() { return !listener->start(); }
  http_answer subscribe(std::chrono::seconds timeout = 300s) {
    answer = send(gena::make_subscribe_request(target(), listener->callback_url(), timeout));
    if (answer.answered() && answer.status == 200) sid = header(answer, "SID").value_or("");
    return answer;
  }
  bool wait_for(std::size_t count, std::chrono::milliseconds within = 2000ms) {
    return s.run_until([&] { return notifications.size() >= count; }, within);
  }
  std::size_t refused() const {
    const auto& st = listener->stats();
    return st.wrong_method + st.wrong_sender + st.rate_limited + st.malformed + st.unknown_sid;
  }
};

boost::asio::ip::address our(const session& s) { return s.facts().our_address; }

// 404, 405 and 501 on the event URL: no eventing at all (gena.subscribe fails for it once).
bool no_eventing(const http_answer& a) { return a.answered() && (a.status == 404 || a.status == 405 || a.status == 501); }

const igd::service* need_events(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return nullptr;
  if (!wan->event_url) {
    skip(r, wan->service_type + " has no eventSubURL");
    return nullptr;
  }
  return wan;
}

// A subscriber that holds a subscription, or nullptr with `r` skipped (the device has no
// eventing: gena.subscribe reports that) or failed.
std::unique_ptr<subscriber> subscribed(session& s, check_result& r) {
  auto* wan = need_events(s, r);
  if (!wan) return nullptr;
  auto sub = std::make_unique<subscriber>(s, *wan, our(s));
  if (!sub->start()) {
    skip(r, "no local listener could be opened on " + our(s).to_string());
    return nullptr;
  }
  auto a = sub->subscribe();
  if (!a.answered() || a.status != 200 || sub->sid.empty()) {
    skip(r, "SUBSCRIBE was not granted (" + describe(a) + "); see gena.subscribe");
    return nullptr;
  }
  return sub;
}

void subscribe(session& s, check_result& r) {
  auto* wan = need_events(s, r);
  if (!wan) return;
  subscriber sub(s, *wan, our(s));
  if (!sub.start()) return skip(r, "no local listener could be opened on " + our(s).to_string());
  auto a = sub.subscribe();
  if (!a.answered() || a.status != 200) return fail(r, "SUBSCRIBE: " + describe(a) + ", expected 200");
  if (sub.sid.rfind("uuid:", 0) != 0) fail(r, "SID is '" + sub.sid + "', expected uuid:<UUID>");
  auto timeout = header(a, "TIMEOUT");
  if (!timeout || !gena::parse_timeout(*timeout)) fail(r, "TIMEOUT is '" + timeout.value_or("(absent)") + "', expected Second-<n>");
}

void initial_event(session& s, check_result& r) {
  auto sub = subscribed(s, r);
  if (!sub) return;
  if (!sub->wait_for(1)) {
    if (sub->refused()) return fail(r, "the initial NOTIFY was refused by the listener as malformed");
    return fail(r, "no initial event within 2 s of the SUBSCRIBE answer");
  }
  const auto& n = sub->notifications.front();
  if (n.seq != 0) fail(r, "the first event has SEQ " + std::to_string(n.seq) + ", expected 0");
  if (n.sid != sub->sid) fail(r, "the first event's SID " + n.sid + " is not ours (" + sub->sid + ")");
  std::set<std::string> names;
  for (const auto& p : n.properties) names.insert(p.name);
  for (auto v : {"ExternalIPAddress", "ConnectionStatus", "PossibleConnectionTypes", "PortMappingNumberOfEntries"}) {
    if (!names.count(v)) fail(r, std::string("the initial event lacks the evented variable ") + v);
  }
}

void notify_format(session& s, check_result& r) {
  auto sub = subscribed(s, r);
  if (!sub) return;
  s.run_until([&] { return !sub->notifications.empty() || sub->refused() > 0; }, 2000ms);
  if (sub->refused()) return fail(r, "a NOTIFY was refused as malformed (NT, NTS, SID, SEQ or the property set)");
  if (sub->notifications.empty()) return skip(r, "no NOTIFY arrived; see gena.initial-event");
  if (sub->notifications.front().unexpected_content_type) fail(r, "the NOTIFY's Content-Type is not text/xml");
}

void event_on_change(session& s, check_result& r) {
  auto sub = subscribed(s, r);
  if (!sub) return;
  sub->wait_for(1);
  const auto before = sub->notifications.size();
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  auto a = s.add_mapping(*port, protocol::tcp, *port);
  if (!a.succeeded()) return fail(r, "AddPortMapping: " + describe(a));
  if (!sub->wait_for(before + 1, 3000ms)) return fail(r, "no event within 3 s of adding a mapping (PortMappingNumberOfEntries changed)");
  const auto& n = sub->notifications.back();
  bool count = false;
  for (const auto& p : n.properties) count = count || p.name == "PortMappingNumberOfEntries";
  if (!count) fail(r, "the event after an add does not carry PortMappingNumberOfEntries");
  if (before > 0 && n.seq != sub->notifications[before - 1].seq + 1) fail(r, "SEQ did not grow by one");
}

void renew(session& s, check_result& r) {
  auto sub = subscribed(s, r);
  if (!sub) return;
  auto a = sub->send(gena::make_renew_request(sub->target(), sub->sid, 300s));
  if (!a.answered() || a.status != 200) return fail(r, "renewal: " + describe(a) + ", expected 200");
  if (header(a, "SID").value_or("") != sub->sid) fail(r, "the renewal answered SID '" + header(a, "SID").value_or("") + "'");
}

void unsubscribe(session& s, check_result& r) {
  auto sub = subscribed(s, r);
  if (!sub) return;
  auto a = sub->send(gena::make_unsubscribe_request(sub->target(), sub->sid));
  if (!a.answered() || a.status != 200) return fail(r, "UNSUBSCRIBE: " + describe(a) + ", expected 200");
  auto renewed = sub->send(gena::make_renew_request(sub->target(), sub->sid, 300s));
  sub->sid.clear();
  if (!renewed.answered() || renewed.status != 412) fail(r, "renewing the cancelled SID: " + describe(renewed) + ", expected 412");
}

void unknown_sid(session& s, check_result& r) {
  auto* wan = need_events(s, r);
  if (!wan) return;
  auto a = s.http(*wan->event_url, gena::make_renew_request(std::string(wan->event_url->encoded_target()),
                                                             "uuid:00000000-0000-0000-0000-00000000beef", 300s));
  if (no_eventing(a)) return skip(r, "the device has no eventing (" + describe(a) + "); see gena.subscribe");
  if (!a.answered() || a.status != 412) fail(r, "renewing an unknown SID: " + describe(a) + ", expected 412 Precondition Failed");
}

void mixed_headers(session& s, check_result& r) {
  auto sub = subscribed(s, r);
  if (!sub) return;
  auto req = gena::make_renew_request(sub->target(), sub->sid, 300s);
  req.set("CALLBACK", gena::format_callback(sub->listener->callback_url()));
  req.set("NT", "upnp:event");
  auto a = sub->send(std::move(req));
  if (!a.answered() || a.status != 400) fail(r, "SID together with CALLBACK and NT: " + describe(a) + ", expected 400 Bad Request");
}

void bad_nt(session& s, check_result& r) {
  auto* wan = need_events(s, r);
  if (!wan) return;
  subscriber sub(s, *wan, our(s));
  if (!sub.start()) return skip(r, "no local listener");
  auto req = gena::make_subscribe_request(sub.target(), sub.listener->callback_url(), 300s);
  req.set("NT", "upnp:igdkit-nonsense");
  auto a = sub.send(std::move(req));
  if (a.answered() && a.status == 200) sub.sid = header(a, "SID").value_or("");
  if (no_eventing(a)) return skip(r, "the device has no eventing (" + describe(a) + "); see gena.subscribe");
  if (!a.answered() || a.status != 412) fail(r, "NT upnp:igdkit-nonsense: " + describe(a) + ", expected 412 Precondition Failed");
}

void callstranger(session& s, check_result& r) {
  auto* wan = need_events(s, r);
  if (!wan) return;
  // Another address of ours stands for the third party: on loopback any 127/8 address will do.
  auto mine = s.facts().our_address;
  if (!mine.is_loopback()) return skip(r, "needs a second local address as the third party (testable on loopback)");
  auto b = mine.to_bytes();
  b[3] = static_cast<unsigned char>(b[3] == 2 ? 3 : 2);
  const boost::asio::ip::address third{boost::asio::ip::address_v4(b)};
  subscriber victim(s, *wan, third);
  if (!victim.start()) return skip(r, "no listener could be opened on " + third.to_string());
  auto req = gena::make_subscribe_request(std::string(wan->event_url->encoded_target()), victim.listener->callback_url(), 300s);
  auto a = s.http(*wan->event_url, std::move(req));
  if (a.answered() && a.status == 200) victim.sid = header(a, "SID").value_or("");
  s.run_until([&] { return victim.listener->stats().accepted + victim.refused() > 0; }, 1500ms);
  const auto reached = victim.listener->stats().accepted + victim.refused();
  if (a.answered() && a.status == 200) fail(r, "a CALLBACK to " + third.to_string() + " (not the subscriber) was accepted");
  if (reached) fail(r, std::to_string(reached) + " request(s) reached the third party " + third.to_string());
  if (!a.answered()) fail(r, describe(a));
}

constexpr auto g = group::gena;
const check_def table[] = {
    {{"gena.subscribe", g, severity::must, "UDA 2.0 §4.1.2", "SUBSCRIBE is granted with a uuid SID and a TIMEOUT"}, subscribe},
    {{"gena.initial-event", g, severity::must, "UDA 2.0 §4.2.1", "the initial event (SEQ 0) carries every evented variable"}, initial_event},
    {{"gena.notify-format", g, severity::must, "UDA 2.0 §4.2.1", "NOTIFYs have NT, NTS, SID, SEQ, text/xml and a property set"}, notify_format},
    {{"gena.event-on-change", g, severity::should, "UDA 2.0 §4.2; WANIPConnection:2 §2.3.15", "a mapping change is evented with the next SEQ"}, event_on_change},
    {{"gena.renew", g, severity::must, "UDA 2.0 §4.1.3", "a renewal with the SID is granted"}, renew},
    {{"gena.unsubscribe", g, severity::must, "UDA 2.0 §4.1.4", "UNSUBSCRIBE ends the subscription"}, unsubscribe},
    {{"gena.unknown-sid", g, severity::must, "UDA 2.0 §4.1.3 (412)", "an unknown SID gets 412"}, unknown_sid},
    {{"gena.mixed-headers", g, severity::must, "UDA 2.0 §4.1.3 (400)", "SID with CALLBACK and NT gets 400"}, mixed_headers},
    {{"gena.bad-nt", g, severity::must, "UDA 2.0 §4.1.2 (412)", "an NT other than upnp:event gets 412"}, bad_nt},
    {{"gena.callstranger", g, severity::must, "CVE-2020-12695; UPnP Forum 2020-04 errata", "a CALLBACK to another host is refused and never contacted"}, callstranger},
};

}  // namespace gena_group

std::span<const check_def> gena_checks() { return gena_group::table; }

}  // namespace igdkit::conformance::support
