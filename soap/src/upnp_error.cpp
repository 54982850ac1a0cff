#include "igdkit/soap/upnp_error.hpp"

#include <string>

namespace igdkit::soap {
namespace {

// Codes whose name does not depend on the service.
std::string_view common_name(int code) noexcept {
  switch (code) {
    case 401: return "Invalid Action";
    case 402: return "Invalid Args";
    case 404: return "Invalid Var";
    case 501: return "Action Failed";
    case 600: return "Argument Value Invalid";
    case 601: return "Argument Value Out of Range";
    case 602: return "Optional Action Not Implemented";
    case 603: return "Out of Memory";
    case 604: return "Human Intervention Required";
    case 605: return "String Argument Too Long";
    case 606: return "Action not authorized";
    case 713: return "SpecifiedArrayIndexInvalid";
    case 714: return "NoSuchEntryInArray";
    case 715: return "WildCardNotPermittedInSrcIP";
    case 716: return "WildCardNotPermittedInExtPort";
    case 718: return "ConflictInMappingEntry";
    case 719: return "ActionDisallowedWhenAutoConfigEnabled";
    case 720: return "InvalidDeviceUUID";
    case 721: return "InvalidServiceID";
    case 723: return "InvalidConnServiceSelection";
    case 724: return "SamePortValuesRequired";
    case 725: return "OnlyPermanentLeasesSupported";
    case 726: return "RemoteHostOnlySupportsWildcard";
    case 727: return "ExternalPortOnlySupportsWildcard";
    case 728: return "NoPortMapsAvailable";
    case 729: return "ConflictWithOtherMechanisms";
    case 730: return "PortMappingNotFound";
    case 731: return "ReadOnly";
    case 732: return "WildCardNotPermittedInIntPort";
    case 733: return "InconsistentParameters";
    default: return {};
  }
}

// WANIPConnection / WANPPPConnection connection-state errors.
std::string_view connection_name(int code) noexcept {
  switch (code) {
    case 703: return "InactiveConnectionStateRequired";
    case 704: return "ConnectionSetupFailed";
    case 705: return "ConnectionSetupInProgress";
    case 706: return "ConnectionNotConfigured";
    case 707: return "DisconnectInProgress";
    case 708: return "InvalidLayer2Address";
    case 709: return "InternetAccessDisabled";
    case 710: return "InvalidConnectionType";
    case 711: return "ConnectionAlreadyTerminated";
    default: return {};
  }
}

// WANIPv6FirewallControl pinhole errors (708 per miniupnpd and the libupnp IGDv2 daemon).
std::string_view firewall_name(int code) noexcept {
  switch (code) {
    case 701: return "PinholeSpaceExhausted";
    case 702: return "FirewallDisabled";
    case 703: return "InboundPinholeNotAllowed";
    case 704: return "NoSuchEntry";
    case 705: return "ProtocolNotSupported";
    case 706: return "InternalPortWildcardingNotAllowed";
    case 707: return "ProtocolWildcardingNotAllowed";
    case 708: return "WildCardNotPermittedInSrcIP";
    case 709: return "NoTrafficReceived";
    default: return {};
  }
}

class upnp_error_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "igdkit.upnp"; }

  // Without a service context, prefer the port-mapping meaning and fall back to the firewall one
  // (701/702 exist only there), so every named code gets a name.
  std::string message(int code) const override {
    std::string_view n = upnp_error_name(code, error_context::port_mapping);
    if (n.empty()) n = upnp_error_name(code, error_context::firewall);
    if (n.empty()) return "UPnP error " + std::to_string(code);
    return std::string(n) + " (" + std::to_string(code) + ")";
  }
};

}  // namespace

std::string_view upnp_error_name(int code, error_context context) noexcept {
  if (auto n = common_name(code); !n.empty()) return n;
  return context == error_context::firewall ? firewall_name(code) : connection_name(code);
}

const std::error_category& upnp_category() noexcept {
  static const upnp_error_category cat;
  return cat;
}

}  // namespace igdkit::soap
