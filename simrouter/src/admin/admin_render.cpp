// The lab's data as admin API JSON (shapes documented in admin_api.hpp).
#include "igdkit/sim/admin_api.hpp"

#include "igdkit/address.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cmath>
#include <cstdio>

namespace igdkit::sim::admin {

namespace json = boost::json;

namespace {

json::value optional_address(const std::optional<boost::asio::ip::address_v4>& a) {
  return a ? json::value(a->to_string()) : json::value(nullptr);
}

json::value optional_endpoint(const std::optional<public_endpoint>& e) {
  return e ? to_json(*e) : json::value(nullptr);
}

}  // namespace

json::value to_json(const public_endpoint& endpoint) {
  const auto& r = endpoint.route;
  return json::object{
      {"protocol", to_string(r.proto)},
      {"public", host_port(r.public_ip, r.public_port)},
      {"loopback", host_port(endpoint.loopback_address, endpoint.loopback_port)},
      {"internal", host_port(r.target.internal_client, r.target.internal_port)},
  };
}

json::value to_json(const mapping_view& view) {
  const auto& m = view.mapping;
  return json::object{
      {"protocol", to_string(m.key.proto)},
      {"external_port", m.key.external_port},
      {"remote_host", optional_address(m.key.remote_host)},
      {"internal_client", m.internal_client.to_string()},
      {"internal_port", m.internal_port},
      {"enabled", m.enabled},
      {"description", m.description},
      // The mapping, not `remaining`, says whether it is permanent: remaining is 0 for both.
      {"lease_remaining_s", m.expires_at ? json::value(view.remaining.count()) : json::value(nullptr)},
      {"reachable", view.reachable},
      {"reason", view.reason},
      {"endpoint", optional_endpoint(view.endpoint)},
  };
}

json::value to_json(const router_snapshot& router) {
  json::array mappings;
  mappings.reserve(router.mappings.size());
  for (const auto& m : router.mappings) mappings.push_back(to_json(m));
  json::array subscriptions;
  for (const auto& sub : router.subscriptions) {
    subscriptions.push_back(json::object{{"sid", sub.sid},
                                         {"event_path", sub.event_path},
                                         {"callback", sub.callback},
                                         {"remaining_s", sub.remaining.count()},
                                         {"next_seq", sub.next_seq},
                                         {"failures", sub.failures}});
  }
  return json::object{
      {"location", router.location},
      {"ssdp", router.ssdp},
      {"igd_version", static_cast<int>(router.version)},
      {"external_ip", optional_address(router.external_ip)},
      {"connection_status", router.connection_status},
      {"boot_id", router.boot_id},
      {"system_update_id", router.system_update_id},
      {"mappings", std::move(mappings)},
      {"subscriptions", std::move(subscriptions)},
  };
}

json::value to_json(const lab_snapshot& snapshot) {
  json::array profiles;
  for (const auto& p : snapshot.profiles) profiles.emplace_back(p);
  json::array endpoints;
  for (const auto& e : snapshot.public_endpoints) endpoints.push_back(to_json(e));
  return json::object{
      {"mode", to_string(snapshot.mode)},
      {"profiles", std::move(profiles)},
      {"wan_ip", snapshot.wan_ip.to_string()},
      {"public_ip", snapshot.public_ip.to_string()},
      {"home", to_json(snapshot.home)},
      {"upstream", snapshot.upstream ? to_json(*snapshot.upstream) : json::value(nullptr)},
      {"public_endpoints", std::move(endpoints)},
      {"faults", to_json(snapshot.faults)},
      {"admin", snapshot.admin},
      {"stun", snapshot.stun},
  };
}

json::value to_json(const probe_result& probe) {
  json::array hops;
  for (const auto& h : probe.hops) hops.emplace_back(h);
  return json::object{
      {"reachable", probe.reachable},
      {"reason", probe.reason},
      // JSON has no NaN or infinity; a non-finite time is no measurement.
      {"rtt_ms", probe.rtt_ms && std::isfinite(*probe.rtt_ms) ? json::value(*probe.rtt_ms) : json::value(nullptr)},
      {"hops", std::move(hops)},
      {"endpoint", optional_endpoint(probe.endpoint)},
  };
}

std::string format_utc(std::chrono::system_clock::time_point at) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(at);
  const auto day = floor<days>(ms);
  const year_month_day date{day};
  const hh_mm_ss time{ms - day};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
  return text;
}

json::value to_json(const log_entry& entry) {
  return json::object{
      {"at", format_utc(entry.at)},
      {"kind", entry.kind},
      {"peer", entry.peer},
      {"detail", entry.detail},
      {"status", entry.status},
      {"upnp_error", entry.upnp_error ? json::value(*entry.upnp_error) : json::value(nullptr)},
  };
}

json::value log_json(std::span<const log_entry> entries) {
  json::array out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(to_json(e));
  return json::object{{"entries", std::move(out)}};
}

json::value wan_ip_json(const boost::asio::ip::address_v4& wan_ip, const boost::asio::ip::address_v4& public_ip) {
  return json::object{{"wan_ip", wan_ip.to_string()}, {"public_ip", public_ip.to_string()}};
}

json::value boot_json(std::uint32_t boot_id) { return json::object{{"boot_id", boot_id}}; }

json::value endpoint_json(const std::optional<public_endpoint>& endpoint, std::string_view reason) {
  return json::object{{"endpoint", optional_endpoint(endpoint)}, {"reason", reason}};
}

}  // namespace igdkit::sim::admin
