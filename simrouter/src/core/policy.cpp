#include "policy.hpp"

namespace igdkit::sim::detail {

using soap::upnp_errc;

lease_decision decide_lease(igd_version v, const behaviour& b, std::uint32_t requested) noexcept {
  const std::chrono::seconds req{requested};
  if (v == igd_version::v2) {
    if (requested == 0 || req > v2_max_lease) return {v2_max_lease, std::nullopt};
    return {req, std::nullopt};
  }
  if (requested == 0) return {std::nullopt, std::nullopt};
  switch (b.lease) {
    case lease_policy::permanent_only_725: return {std::nullopt, upnp_errc::only_permanent_leases_supported};
    case lease_policy::permanent_only_402: return {std::nullopt, upnp_errc::invalid_args};
    case lease_policy::spec: break;
  }
  return {req, std::nullopt};
}

std::optional<upnp_errc> authorize_add(igd_version v, const router_config& cfg,
                                       const std::optional<boost::asio::ip::address_v4>& requester,
                                       const boost::asio::ip::address_v4& internal_client,
                                       std::uint16_t external_port, std::uint16_t internal_port) noexcept {
  if (v == igd_version::v1) {
    if (!may_manage(cfg, requester, internal_client) ||
        !is_permitted(cfg.permissions, external_port, internal_client, internal_port))
      return upnp_errc::conflict_in_mapping_entry;
    return std::nullopt;
  }
  if (!may_manage(cfg, requester, internal_client))
    return cfg.quirks.foreign_client_is_718 ? upnp_errc::conflict_in_mapping_entry : upnp_errc::action_not_authorized;
  if (!is_permitted(cfg.permissions, external_port, internal_client, internal_port))
    return upnp_errc::action_not_authorized;
  return std::nullopt;
}

bool may_manage(const router_config& cfg, const std::optional<boost::asio::ip::address_v4>& requester,
                const boost::asio::ip::address_v4& owner) noexcept {
  return !cfg.secure_mode || (requester && *requester == owner);
}

bool conflicts(std::span<const port_mapping> on_port, const boost::asio::ip::address_v4& internal_client) noexcept {
  for (const auto& m : on_port)
    if (m.internal_client != internal_client) return true;
  return false;
}

upnp_errc conflict_error(const behaviour& b) noexcept {
  return b.conflict == conflict_code::action_failed_501 ? upnp_errc::action_failed : upnp_errc::conflict_in_mapping_entry;
}

upnp_errc table_full_error(igd_version v) noexcept {
  return v == igd_version::v2 ? upnp_errc::no_port_maps_available : upnp_errc::action_failed;
}

bool over_capacity(const router_config& cfg, std::size_t total, std::size_t for_client) noexcept {
  return total >= cfg.max_mappings || for_client >= cfg.max_mappings_per_client;
}

}  // namespace igdkit::sim::detail
