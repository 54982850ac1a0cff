#include "igdkit/igd/error.hpp"

#include <string>

namespace igdkit::igd {
namespace {

class igd_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "igdkit.igd"; }
  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::xml_malformed: return "description is not well-formed XML";
      case errc::xml_too_large: return "description exceeds the size limit";
      case errc::xml_too_deep: return "description exceeds the nesting depth limit";
      case errc::not_a_device_description: return "document is not a UPnP device description";
      case errc::missing_device_field: return "device lacks a required element (deviceType or UDN)";
      case errc::missing_service_field: return "service lacks a required element (serviceType or controlURL)";
      case errc::too_many_devices: return "description lists more devices than allowed";
      case errc::too_many_services: return "description lists more services than allowed";
      case errc::invalid_url: return "description contains a URL that cannot be parsed or resolved";
      case errc::url_not_allowed: return "URL points to a host other than the device's LOCATION";
      case errc::not_an_igd: return "device is not an Internet Gateway Device";
      case errc::no_wan_connection_service: return "no WANIPConnection or WANPPPConnection service found";
      case errc::missing_argument: return "a required action argument is missing";
      case errc::invalid_argument_value: return "an action argument has an invalid value";
      case errc::no_igd_found: return "no Internet Gateway Device found";
      case errc::not_supported_by_service: return "action not supported by this service version";
      case errc::state_file_corrupt: return "keeper state file is corrupt";
      case errc::state_file_unsupported: return "keeper state file has an unsupported format or version";
    }
    return "unknown igd error " + std::to_string(value);
  }
};

}  // namespace

const std::error_category& igd_category() noexcept {
  static const igd_category_impl instance;
  return instance;
}

}  // namespace igdkit::igd
