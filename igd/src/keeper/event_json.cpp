#include "igdkit/igd/keeper/event_json.hpp"

#include <boost/json/array.hpp>

namespace igdkit::igd::keeper {
namespace json = boost::json;

namespace {

json::value address(const std::optional<boost::asio::ip::address_v4>& a) {
  return a ? json::value(a->to_string()) : json::value(nullptr);
}

json::object with_id(std::string_view kind, const mapping_id& id) {
  return {{"event", kind}, {"set", id.set}, {"label", id.label}};
}

json::value error_value(const std::error_code& ec) {
  if (!ec) return nullptr;
  return json::object{{"category", ec.category().name()}, {"code", ec.value()}, {"message", ec.message()}};
}

struct renderer {
  json::object operator()(const mapping_up& e) const {
    auto o = with_id("mapping_up", e.id);
    o["protocol"] = igdkit::to_string(e.proto);
    o["external_ip"] = address(e.external_ip);
    o["external_port"] = e.external_port;
    o["internal_client"] = e.internal_client.to_string();
    o["internal_port"] = e.internal_port;
    o["lease"] = e.lease.count();
    json::array w;
    for (const auto& x : e.workarounds) w.emplace_back(x);
    o["workarounds"] = std::move(w);
    o["restored"] = e.restored;
    return o;
  }
  json::object operator()(const mapping_down& e) const {
    auto o = with_id("mapping_down", e.id);
    o["reason"] = to_string(e.reason);
    o["error"] = error_value(e.error);
    o["detail"] = e.detail;
    return o;
  }
  json::object operator()(const external_port_changed& e) const {
    auto o = with_id("external_port_changed", e.id);
    o["from"] = e.from;
    o["to"] = e.to;
    return o;
  }
  json::object operator()(const external_ip_changed& e) const {
    return {{"event", "external_ip_changed"}, {"from", address(e.from)}, {"to", address(e.to)}};
  }
  json::object operator()(const gateway_found& e) const {
    return {{"event", "gateway_found"}, {"udn", e.udn}, {"location", e.location}, {"name", e.name}, {"replaced", e.replaced}};
  }
  json::object operator()(const gateway_lost& e) const {
    return {{"event", "gateway_lost"}, {"error", error_value(e.error)}, {"detail", e.detail}};
  }
  json::object operator()(const gateway_rebooted& e) const { return {{"event", "gateway_rebooted"}, {"detail", e.detail}}; }
  json::object operator()(const ports_changed&) const { return {{"event", "ports_changed"}}; }
  json::object operator()(const stopped& e) const {
    return {{"event", "stopped"}, {"removed", e.removed}, {"left", e.left}};
  }
};

}  // namespace

json::object to_json(const event& e) { return std::visit(renderer{}, e); }

}  // namespace igdkit::igd::keeper
