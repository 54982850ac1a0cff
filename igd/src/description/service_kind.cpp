#include "igdkit/igd/description.hpp"
#include "igdkit/text.hpp"

#include <array>

namespace igdkit::igd {
namespace {

struct kind_name {
  std::string_view name;  // the part between "service:" and ":<version>"
  service_kind kind;
};

constexpr std::array<kind_name, 5> kind_names{{
    {"WANIPConnection", service_kind::wan_ip_connection},
    {"WANPPPConnection", service_kind::wan_ppp_connection},
    {"WANCommonInterfaceConfig", service_kind::wan_common_interface_config},
    {"WANIPv6FirewallControl", service_kind::wan_ipv6_firewall_control},
    {"Layer3Forwarding", service_kind::layer3_forwarding},
}};

// TR-064 (FRITZ!Box and friends) publishes the same services under the DSL Forum namespace.
constexpr std::array<std::string_view, 2> namespaces{
    "urn:schemas-upnp-org:service:",
    "urn:dslforum-org:service:",
};

}  // namespace

service_type_info classify_service_type(std::string_view type) noexcept {
  for (auto ns : namespaces) {
    if (!type.starts_with(ns)) continue;
    auto rest = type.substr(ns.size());
    for (const auto& entry : kind_names) {
      if (!rest.starts_with(entry.name) || rest.size() <= entry.name.size() ||
          rest[entry.name.size()] != ':')
        continue;
      // Unknown versions are accepted; a non-numeric one reads as 0.
      auto digits = rest.substr(entry.name.size() + 1);
      return {entry.kind, igdkit::text::parse_decimal<std::uint32_t>(digits).value_or(0)};
    }
  }
  return {};
}

}  // namespace igdkit::igd
