#include "igdkit/igd/json.hpp"

#include <boost/json/array.hpp>

namespace igdkit::igd {
namespace json = boost::json;

std::string_view to_string(igd_status s) noexcept {
  switch (s) {
    case igd_status::connected_public: return "connected_public";
    case igd_status::connected_reserved: return "connected_reserved";
    case igd_status::disconnected: return "disconnected";
    case igd_status::not_igd: return "not_igd";
  }
  return "unknown";
}

json::object to_json(const ssdp::search_result& found) {
  return {{"location", found.response.location.buffer()},
          {"st", found.response.st.to_string()},
          {"usn", found.response.usn},
          {"server", found.response.server},
          {"response_ms", found.response_time.count()}};
}

json::object to_json(const get_status_info_response& s) {
  return {{"connection_status", s.connection_status},
          {"last_connection_error", s.last_connection_error},
          {"uptime_s", s.uptime.count()}};
}

json::object to_json(const gateway& g) {
  json::object o{{"location", g.location.buffer()},
                 {"friendly_name", g.desc.root.friendly_name},
                 {"manufacturer", g.desc.root.manufacturer},
                 {"model_name", g.desc.root.model_name},
                 {"udn", g.desc.root.udn},
                 {"service_type", g.connection.connection.service_type},
                 {"control_url", g.connection.connection.control_url.buffer()},
                 {"version", g.version.version},
                 {"external_ip", g.external_ip ? json::value(g.external_ip->to_string()) : json::value(nullptr)},
                 {"rank", to_string(g.rank)},
                 {"st", g.st},
                 {"usn", g.usn},
                 {"server", g.server}};
  for (auto& [k, v] : to_json(g.status)) o[k] = v;
  return o;
}

json::object to_json(const mapping_entry& e) {
  return {{"external_port", e.external_port},
          {"protocol", igdkit::to_string(e.proto)},
          {"internal_client", e.internal_client.to_string()},
          {"internal_port", e.internal_port},
          {"enabled", e.enabled},
          {"description", e.description},
          {"lease_s", e.lease.count()},
          {"remote_host", e.remote_host ? e.remote_host->to_string() : std::string()}};
}

json::object to_json(const mapping_result& r) {
  json::array applied;
  for (auto w : r.applied) applied.emplace_back(to_string(w));
  return {{"external_port", r.external_port}, {"internal_port", r.internal_port},
          {"internal_client", r.internal_client.to_string()}, {"lease_s", r.lease.count()},
          {"attempts", r.attempts}, {"workarounds", std::move(applied)}};
}

json::object to_json(const get_common_link_properties_response& l) {
  return {{"wan_access_type", l.wan_access_type},
          {"layer1_upstream_max_bit_rate", l.layer1_upstream_max_bit_rate},
          {"layer1_downstream_max_bit_rate", l.layer1_downstream_max_bit_rate},
          {"physical_link_status", l.physical_link_status}};
}

json::object error_to_json(std::error_code ec, const diagnostics& d, soap::error_context context) {
  json::object e{{"category", ec.category().name()}, {"value", ec.value()}, {"message", ec.message()}};
  if (ec.category() == soap::upnp_category()) {
    e["name"] = soap::upnp_error_name(ec.value(), context);
    e["description"] = d.description;
  }
  return {{"error", std::move(e)}};
}

}  // namespace igdkit::igd
