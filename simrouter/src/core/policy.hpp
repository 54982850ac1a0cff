#pragma once
// The router's port-mapping decisions as small pure functions, so each rule is testable on its
// own and the action handlers stay a sequence of checks.
#include "igdkit/sim/router_config.hpp"
#include "igdkit/sim/router_state.hpp"
#include "igdkit/soap/upnp_error.hpp"

#include <chrono>
#include <optional>
#include <span>

namespace igdkit::sim::detail {

inline constexpr std::chrono::seconds v2_max_lease{604800};

// Lease to store for a requested NewLeaseDuration, or the fault code.
// v1: 0 = permanent (nullopt duration), quirks may reject non-zero leases (725 or 402).
// v2: 0 or > 604800 becomes 604800; lease quirks are v1-only (724..727 are deprecated in v2).
struct lease_decision {
  std::optional<std::chrono::seconds> duration;  // nullopt = permanent
  std::optional<soap::upnp_errc> error;
};
lease_decision decide_lease(igd_version v, const behaviour& b, std::uint32_t requested) noexcept;

// May `requester` create/replace a mapping to `internal_client`? Secure mode requires them equal;
// the permission rules must allow the ports. Denial is 718 in v1 (miniupnpd) and 606 in v2
// (718 for another client's address under behaviour::foreign_client_is_718, as miniupnpd).
std::optional<soap::upnp_errc> authorize_add(igd_version v, const router_config& cfg,
                                             const std::optional<boost::asio::ip::address_v4>& requester,
                                             const boost::asio::ip::address_v4& internal_client,
                                             std::uint16_t external_port, std::uint16_t internal_port) noexcept;

// May `requester` delete (or Manage) a mapping owned by `owner`? Only its own in secure mode.
bool may_manage(const router_config& cfg, const std::optional<boost::asio::ip::address_v4>& requester,
                const boost::asio::ip::address_v4& owner) noexcept;

// Another client already holds (external port, protocol), whatever the remote host: the v2
// result table rejects (≠RemoteHost, ≠InternalClient) and (=RemoteHost, ≠InternalClient).
// The same client with another remote host is accepted (vendor choice).
bool conflicts(std::span<const port_mapping> on_port, const boost::asio::ip::address_v4& internal_client) noexcept;

// Code for an occupied port (718, or 501 on firmware that reports a generic failure).
soap::upnp_errc conflict_error(const behaviour& b) noexcept;

// Code for a full table: 728 NoPortMapsAvailable in v2; v1 has none, so 501 Action Failed.
soap::upnp_errc table_full_error(igd_version v) noexcept;

// A new mapping would exceed the total or per-client limit.
bool over_capacity(const router_config& cfg, std::size_t total, std::size_t for_client) noexcept;

}  // namespace igdkit::sim::detail
