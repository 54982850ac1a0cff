#pragma once
// The IGD actions the benchmarks send, built through igdkit's typed action table, so the wire
// names and value formats are the ones the client uses and the router decodes.
#include "soap_session.hpp"

#include "igdkit/igd/actions.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

namespace igdkit::bench {

template <igd::action_tag A>
http::request<http::string_body> request_for(const soap_session& session, const typename A::request& arguments) {
  const auto& service_type = session.target().service_type;
  const auto version = igd::parse_action_service_type(service_type);
  if (!version) throw std::runtime_error("not a WAN connection service: " + service_type);
  auto action = igd::make_action_request<A>(*version, arguments);
  if (!action) throw std::runtime_error(std::string(A::name) + " on " + service_type + ": " + action.error().message());
  action->service_type = service_type;  // exactly as the description spells it
  return session.make_request(*action);
}

inline igd::port_mapping_key mapping_key(std::uint16_t port, protocol proto) {
  return {.remote_host = {}, .external_port = port, .protocol = proto};
}

inline igd::add_port_mapping_request mapping_to(const asio::ip::address& internal_client, std::uint16_t port,
                                                protocol proto) {
  return {.remote_host = {},
          .external_port = port,
          .protocol = proto,
          .internal_port = port,
          .internal_client = internal_client,
          .enabled = true,
          .description = "igdkit-bench",
          .lease = std::chrono::hours(24)};
}

}  // namespace igdkit::bench
