// What the connection services report about the WAN link (GetStatusInfo, GetExternalIPAddress,
// GetEnabledForInternet). Derived from the stored state and `now`, so the handler stays pure.
#include "call.hpp"

namespace igdkit::sim::detail {

connection_status link_status(const call& c) noexcept {
  if (c.ctx.wan_device != c.model.config.live_wan_device) return connection_status::disconnected;
  const auto& conn = c.model.connection;
  if (conn.status == connection_status::connected && c.ctx.now < conn.connected_since + c.quirks().connect_delay)
    return connection_status::connecting;
  return conn.status;
}

std::chrono::seconds link_uptime(const call& c) noexcept {
  if (link_status(c) != connection_status::connected) return std::chrono::seconds{0};
  return c.model.connection.uptime(c.ctx.now) - c.quirks().connect_delay;
}

}  // namespace igdkit::sim::detail
