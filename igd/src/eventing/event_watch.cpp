#include "igdkit/igd/event_watch.hpp"

#include "igdkit/address.hpp"
#include "igdkit/gena/error.hpp"
#include "igdkit/igd/actions/port_mapping.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace igdkit::igd {
namespace asio = boost::asio;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

eventing::time_point now() { return std::chrono::steady_clock::now(); }

void collect(const device& d, std::vector<eventing::service_ref>& out) {
  for (const auto& s : d.services)
    if (s.event_url) out.push_back({s.service_type, s.service_id, *s.event_url});
  for (const auto& child : d.devices) collect(child, out);
}

std::string target_of(const boost::urls::url& u) {
  std::string t(u.encoded_target());
  return t.empty() ? "/" : t;
}

}  // namespace

event_watch::event_watch(asio::any_io_executor ex, igd::client& client, std::vector<eventing::service_ref> services,
                         event_watch_options options, report_handler on_report)
    : executor_(ex),
      client_(client),
      options_(std::move(options)),
      on_report_(std::move(on_report)),
      core_(std::move(services), options_.subscriber, now()),
      timer_(ex) {}

std::vector<eventing::service_ref> event_watch::services_of(const gateway& g) {
  std::vector<eventing::service_ref> out;
  collect(g.desc.root, out);
  return out;
}

std::vector<eventing::service_ref> event_watch::connection_service_of(const gateway& g) {
  const auto& s = g.connection.connection;
  if (!s.event_url) return {};
  return {{s.service_type, s.service_id, *s.event_url}};
}

std::optional<boost::urls::url> event_watch::callback_url() const {
  if (!listener_) return std::nullopt;
  return listener_->callback_url();
}

void event_watch::observe_reboot() {
  core_.observe_reboot(now());
  wake();
}

void event_watch::stop() {
  core_.stop(now());
  wake();
}

// A SUBSCRIBE or renewal sent, its answer read as a grant (or why not).
asio::awaitable<result<gena::grant>> event_watch::ask(const boost::urls::url& event_url, http_request request) {
  auto reply = co_await soap::detail::http_send(event_url, std::move(request), options_.http);
  if (!reply) co_return reply.error();
  co_return gena::read_subscribe_response(reply->status, reply->headers, options_.subscriber.timeout);
}

asio::awaitable<void> event_watch::exchange(eventing::step request) {
  if (const auto* sub = std::get_if<eventing::send_subscribe>(&request)) {
    const auto& url = core_.services()[sub->service].event_url;
    auto answer = co_await ask(
        url, gena::make_subscribe_request(target_of(url), listener_->callback_url(), options_.subscriber.timeout));
    core_.on_subscribe_answer(sub->service, answer, now());
  } else if (const auto* renew = std::get_if<eventing::send_renew>(&request)) {
    const auto& url = core_.services()[renew->service].event_url;
    auto answer = co_await ask(url, gena::make_renew_request(target_of(url), renew->sid, options_.subscriber.timeout));
    core_.on_renew_answer(renew->service, answer, now());
  } else if (const auto* unsub = std::get_if<eventing::send_unsubscribe>(&request)) {
    const auto& svc = core_.services()[unsub->service];
    co_await soap::detail::http_send(svc.event_url, gena::make_unsubscribe_request(target_of(svc.event_url), unsub->sid),
                                     options_.http);
    core_.on_unsubscribe_answer(unsub->service);  // whatever it answered, we are done with it
  }
}

// After a missed event the connection's state is read by action; other services only have
// their next event.
asio::awaitable<void> event_watch::reread(std::size_t service) {
  const auto& g = client_.current();
  const auto& svc = core_.services()[service];
  if (!g || !g->connection.connection.event_url || *g->connection.connection.event_url != svc.event_url) co_return;
  eventing::state_changed change{service, 0, false, {}, {}, false, true};
  auto [iec, ip] = co_await client_.async_invoke<get_external_ip_address>({}, use_tuple);
  if (!iec) change.properties.push_back({"ExternalIPAddress", ip.external_ip ? ip.external_ip->to_string() : ""});
  auto [sec, status] = co_await client_.async_invoke<get_status_info>({}, use_tuple);
  if (!sec) change.properties.push_back({"ConnectionStatus", status.connection_status});
  if (change.properties.empty()) co_return;
  change.variables = eventing::decode_variables(change.properties);
  if (on_report_) on_report_(change);
}

asio::awaitable<result<void>> event_watch::run() {
  if (core_.services().empty()) co_return make_error_code(gena::errc::no_event_url);
  auto listener_options = options_.listener;
  const auto& first = core_.services().front().event_url;
  if (auto local = local_address_towards(first)) listener_options.local = *local;
  listener_options.publisher = literal_host(first);
  listener_.emplace(executor_, listener_options, [this](gena::notification n) {
    const auto status = core_.on_notify(std::move(n), now());
    wake();
    return status;
  });
  if (auto ec = listener_->start()) co_return ec;

  for (;;) {
    auto step = core_.next(now());
    if (auto* r = std::get_if<eventing::report>(&step)) {
      if (on_report_) on_report_(*r);
      if (const auto* m = std::get_if<eventing::missed>(r)) co_await reread(m->service);
    } else if (auto* w = std::get_if<eventing::wait_until>(&step)) {
      timer_.expires_at(w->at);
      co_await timer_.async_wait(use_tuple);
    } else if (std::holds_alternative<eventing::idle>(step)) {
      timer_.expires_at(eventing::time_point::max());
      co_await timer_.async_wait(use_tuple);
    } else if (std::holds_alternative<eventing::finished>(step)) {
      listener_->stop();
      co_return result<void>{};
    } else {
      co_await exchange(std::move(step));
    }
  }
}

}  // namespace igdkit::igd
