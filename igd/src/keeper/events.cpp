#include "igdkit/igd/keeper/events.hpp"

namespace igdkit::igd::keeper {

std::string_view to_string(down_reason r) noexcept {
  switch (r) {
    case down_reason::removed: return "removed";
    case down_reason::conflict: return "conflict";
    case down_reason::no_free_port: return "no_free_port";
    case down_reason::router_refused: return "router_refused";
    case down_reason::lost: return "lost";
    case down_reason::gateway_lost: return "gateway_lost";
    case down_reason::wan_down: return "wan_down";
  }
  return "unknown";
}

namespace {

std::string name(const mapping_id& id) { return id.set + "/" + id.label; }
std::string address_text(const std::optional<boost::asio::ip::address_v4>& a) { return a ? a->to_string() : "(none)"; }

struct describer {
  std::string operator()(const mapping_up& e) const {
    return name(e.id) + (e.restored ? " restored: " : " up: ") + address_text(e.external_ip) + ":" +
           std::to_string(e.external_port) + " -> " + e.internal_client.to_string() + ":" +
           std::to_string(e.internal_port) + " " + std::string(igdkit::to_string(e.proto)) +
           (e.lease.count() == 0 ? ", permanent" : ", lease " + std::to_string(e.lease.count()) + " s");
  }
  std::string operator()(const mapping_down& e) const {
    return name(e.id) + " down (" + std::string(to_string(e.reason)) + "): " + e.detail;
  }
  std::string operator()(const external_port_changed& e) const {
    return name(e.id) + " external port " + std::to_string(e.from) + " -> " + std::to_string(e.to);
  }
  std::string operator()(const external_ip_changed& e) const {
    return "external IP " + address_text(e.from) + " -> " + address_text(e.to);
  }
  std::string operator()(const gateway_found& e) const {
    return std::string(e.replaced ? "another gateway found: " : "gateway found: ") + e.name + " " + e.udn + " at " +
           e.location;
  }
  std::string operator()(const gateway_lost& e) const { return "gateway lost: " + e.detail; }
  std::string operator()(const gateway_rebooted& e) const { return "gateway rebooted: " + e.detail; }
  std::string operator()(const ports_changed&) const { return "chosen ports changed"; }
  std::string operator()(const stopped& e) const {
    return "stopped: " + std::to_string(e.removed) + " removed, " + std::to_string(e.left) + " left";
  }
};

}  // namespace

std::string describe(const event& e) { return std::visit(describer{}, e); }

}  // namespace igdkit::igd::keeper
