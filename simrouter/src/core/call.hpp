#pragma once
// Internal plumbing shared by the per-service handler files: one request being handled, and
// the ok/fault response builders.
#include "igdkit/sim/igd_handler.hpp"
#include "igdkit/soap/upnp_error.hpp"

#include <boost/asio/ip/address_v4.hpp>

#include <optional>
#include <span>
#include <string_view>

namespace igdkit::sim::detail {

struct call {
  router_model& model;
  const soap::action_request& request;
  const request_context& ctx;
  igd_version version;  // effective: WANPPPConnection is always v1
  std::optional<boost::asio::ip::address_v4> client_v4;  // requester as IPv4 (v4-mapped unwrapped)

  bool v2() const noexcept { return version == igd_version::v2; }
  const behaviour& quirks() const noexcept { return model.config.quirks; }
};

soap::action_response ok(const call& c, soap::argument_list out = {});
soap::action_response fault(const call& c, soap::upnp_errc code);

// The WAN link as the hit connection service reports it: Disconnected on a WANDevice that is
// not the live one, Connecting until behaviour::connect_delay has passed since it came up.
connection_status link_status(const call& c) noexcept;
// Seconds since the link reported Connected (0 while it does not).
std::chrono::seconds link_uptime(const call& c) noexcept;

using action_fn = soap::action_response (*)(call&);

struct action_entry {
  std::string_view name;
  igd_version min_version;
  action_fn fn;
};

// One table per service family (files *_actions.cpp).
std::span<const action_entry> port_mapping_actions() noexcept;
std::span<const action_entry> port_mapping_v2_actions() noexcept;
std::span<const action_entry> connection_actions() noexcept;
std::span<const action_entry> ppp_actions() noexcept;
std::span<const action_entry> common_interface_actions() noexcept;
std::span<const action_entry> firewall_actions() noexcept;
std::span<const action_entry> layer3_actions() noexcept;

}  // namespace igdkit::sim::detail

#include "igdkit/igd/actions/action.hpp"

namespace igdkit::sim::detail {

// True when every argument is one the action takes (by name or its alias).
template <igd::action_tag A>
bool only_known_arguments(const call& c) {
  return std::apply(
      [&](const auto&... f) {
        for (const auto& arg : c.request.arguments) {
          if (!((arg.name == f.name || (!f.alias.empty() && arg.name == f.alias)) || ...)) return false;
        }
        return true;
      },
      A::request::fields());
}

// In-arguments of a table action; any decode failure (missing, extra or ill-typed) is 402
// ("parameters are missing, extra, or are invalid", UDA 1.1 §3.2.2).
template <igd::action_tag A>
std::optional<typename A::request> decode(const call& c) {
  if (!only_known_arguments<A>(c)) return std::nullopt;
  auto r = igd::decode_action_request<A>(c.request);
  if (!r) return std::nullopt;
  return std::move(*r);
}

// Success response of a table action. Encoding only fails for values the wire type cannot
// carry, which the handlers never produce; 501 keeps even that path a clean answer.
template <igd::action_tag A>
soap::action_response reply(const call& c, const typename A::response& out) {
  auto args = igd::encode_arguments(out);
  if (!args) return fault(c, soap::upnp_errc::action_failed);
  return ok(c, std::move(*args));
}

}  // namespace igdkit::sim::detail
