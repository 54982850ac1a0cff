#include "igdkit/igd/eventing/report_json.hpp"

#include <boost/json/array.hpp>

namespace igdkit::igd::eventing {
namespace json = boost::json;

namespace {

template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

std::string name_of(std::size_t i, const std::vector<service_ref>& services) {
  return i < services.size() ? short_service_name(services[i]) : "service " + std::to_string(i);
}

json::value seq_or_null(const std::optional<std::uint32_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

}  // namespace

std::string short_service_name(const service_ref& s) {
  // "urn:schemas-upnp-org:service:WANIPConnection:2" -> "WANIPConnection:2"
  const auto last = s.service_type.rfind(':');
  if (last == std::string::npos || last == 0) return s.service_type;
  const auto before = s.service_type.rfind(':', last - 1);
  return before == std::string::npos ? s.service_type : s.service_type.substr(before + 1);
}

json::object to_json(const report& r, const std::vector<service_ref>& services) {
  return std::visit(
      overloaded{
          [&](const subscribed& s) {
            return json::object{{"event", s.renewal ? "renewed" : "subscribed"},
                                {"service", name_of(s.service, services)},
                                {"sid", s.sid},
                                {"timeout_s", s.timeout.count()}};
          },
          [&](const subscription_failed& s) {
            json::object o{{"event", "subscription_failed"},
                           {"service", name_of(s.service, services)},
                           {"error", s.error.message()},
                           {"retried", s.retry_at.has_value()}};
            return o;
          },
          [&](const subscription_lost& s) {
            return json::object{{"event", "subscription_lost"}, {"service", name_of(s.service, services)}, {"reason", s.reason}};
          },
          [&](const state_changed& s) {
            json::object vars;
            for (const auto& p : s.properties) vars[p.name] = p.value;
            json::object o{{"event", "state"},       {"service", name_of(s.service, services)},
                           {"seq", s.seq},           {"initial", s.initial},
                           {"from_actions", s.from_actions}, {"variables", std::move(vars)}};
            if (s.unexpected_content_type) o["unexpected_content_type"] = true;
            if (!s.variables.notes.empty()) {
              json::array notes;
              for (const auto& n : s.variables.notes) notes.emplace_back(n);
              o["notes"] = std::move(notes);
            }
            return o;
          },
          [&](const missed& m) {
            return json::object{{"event", "missed"},
                                {"service", name_of(m.service, services)},
                                {"expected_seq", seq_or_null(m.expected)},
                                {"got_seq", seq_or_null(m.got)}};
          },
          [&](const stopped_watching&) { return json::object{{"event", "stopped"}}; },
      },
      r);
}

std::string describe(const report& r, const std::vector<service_ref>& services) {
  return std::visit(
      overloaded{
          [&](const subscribed& s) {
            return name_of(s.service, services) + (s.renewal ? ": renewed " : ": subscribed ") + s.sid + " for " +
                   std::to_string(s.timeout.count()) + " s";
          },
          [&](const subscription_failed& s) {
            return name_of(s.service, services) + ": subscription failed: " + s.error.message() +
                   (s.retry_at ? " (retrying)" : " (not retried; the device does not event)");
          },
          [&](const subscription_lost& s) { return name_of(s.service, services) + ": subscription lost: " + s.reason; },
          [&](const state_changed& s) {
            std::string out = name_of(s.service, services) +
                              (s.from_actions ? " (read by action)" : " SEQ " + std::to_string(s.seq)) +
                              (s.initial ? " (initial)" : "") + ":";
            for (const auto& p : s.properties) out += " " + p.name + "=" + p.value;
            return out;
          },
          [&](const missed& m) {
            return name_of(m.service, services) + ": missed event (expected SEQ " +
                   (m.expected ? std::to_string(*m.expected) : "?") + ", got " +
                   (m.got ? std::to_string(*m.got) : "none") + "); re-reading by action";
          },
          [&](const stopped_watching&) { return std::string("stopped: every subscription removed"); },
      },
      r);
}

}  // namespace igdkit::igd::eventing
