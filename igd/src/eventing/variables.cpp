#include "igdkit/igd/eventing/variables.hpp"

#include "igdkit/text.hpp"

namespace igdkit::igd::eventing {
namespace {

std::optional<bool> parse_boolean(std::string_view v) {
  if (v == "1" || text::iequals(v, "true") || text::iequals(v, "yes")) return true;
  if (v == "0" || text::iequals(v, "false") || text::iequals(v, "no")) return false;
  return std::nullopt;
}

}  // namespace

wan_variables decode_variables(std::span<const gena::property> properties) {
  wan_variables out;
  for (const auto& p : properties) {
    const auto value = text::trim(p.value);
    auto note = [&](std::string_view what) { out.notes.push_back(p.name + ": '" + std::string(value) + "' " + std::string(what)); };
    auto number = [&](std::optional<std::uint32_t>& into) {
      if (auto n = text::parse_decimal<std::uint32_t>(value)) into = n;
      else note("is not a number");
    };
    auto boolean = [&](std::optional<bool>& into) {
      if (auto b = parse_boolean(value)) into = b;
      else note("is not a boolean");
    };
    if (p.name == "ExternalIPAddress") {
      boost::system::error_code ec;
      const auto a = boost::asio::ip::make_address_v4(std::string(value), ec);
      if (value.empty() || (!ec && a.is_unspecified())) out.external_ip_unknown = true;
      else if (ec) note("is not an IPv4 address");
      else out.external_ip = a;
    } else if (p.name == "ConnectionStatus") {
      out.connection_status = std::string(value);
    } else if (p.name == "PossibleConnectionTypes") {
      out.possible_connection_types = std::string(value);
    } else if (p.name == "PortMappingNumberOfEntries") {
      number(out.port_mapping_entries);
    } else if (p.name == "SystemUpdateID") {
      number(out.system_update_id);
    } else if (p.name == "PhysicalLinkStatus") {
      out.physical_link_status = std::string(value);
    } else if (p.name == "EnabledForInternet") {
      boolean(out.enabled_for_internet);
    } else if (p.name == "NumberOfActiveConnections") {
      number(out.active_connections);
    } else if (p.name == "FirewallEnabled") {
      boolean(out.firewall_enabled);
    } else if (p.name == "InboundPinholeAllowed") {
      boolean(out.inbound_pinhole_allowed);
    } else if (p.name == "DefaultConnectionService") {
      out.default_connection_service = std::string(value);
    }
  }
  return out;
}

}  // namespace igdkit::igd::eventing
