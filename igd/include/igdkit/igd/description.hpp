#pragma once
// Typed model of a UPnP root device description (digest §2.1) and its pure parser.
// The parser does no I/O: the caller fetched `xml` from `location` and hands both in.
#include "igdkit/igd/error.hpp"
#include "igdkit/igd/url_policy.hpp"
#include "igdkit/result.hpp"

#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::igd {

// Keyed on the serviceType prefix only; serviceId is ignored because real routers get it wrong
// (a Livebox labels WANPPPConnection:2 as WANIPConn1).
enum class service_kind {
  wan_ip_connection,
  wan_ppp_connection,
  wan_common_interface_config,
  wan_ipv6_firewall_control,
  layer3_forwarding,
  other,
};

struct service_type_info {
  service_kind kind = service_kind::other;
  std::uint32_t version = 0;  // 0 when the type has no numeric version suffix
};

// Accepts both `urn:schemas-upnp-org:service:<Name>:<v>` and `urn:dslforum-org:service:<Name>:<v>`.
service_type_info classify_service_type(std::string_view service_type) noexcept;

struct service {
  std::string service_type;
  service_kind kind = service_kind::other;
  std::uint32_t version = 0;
  std::string service_id;
  boost::urls::url control_url;                 // required; absolute after resolution
  std::optional<boost::urls::url> scpd_url;     // absent in some real documents
  std::optional<boost::urls::url> event_url;
};

struct device {
  std::string device_type;
  std::string friendly_name;
  std::string manufacturer;
  std::string model_name;
  std::string model_number;
  std::string model_description;
  std::string serial;
  std::string udn;
  // Informational only (never fetched by igdkit), so it is not subject to url_policy;
  // an unparsable presentationURL is dropped rather than failing the whole document.
  std::optional<boost::urls::url> presentation_url;
  std::vector<service> services;
  std::vector<device> devices;  // embedded devices (deviceList)
};

struct spec_version {
  std::uint32_t major = 1;
  std::uint32_t minor = 0;
};

struct description {
  device root;
  std::optional<boost::urls::url> url_base;  // as written in the document (before any fix-up)
  std::optional<spec_version> version;
  std::optional<std::uint32_t> config_id;    // root@configId (UDA 1.1)
};

struct description_limits {
  std::size_t max_size = std::size_t{256} * 1024;  // bytes; checked before parsing
  std::size_t max_depth = 24;         // element nesting; a real IGD tree is about 10 deep
  std::size_t max_devices = 32;       // root + embedded
  std::size_t max_services = 64;      // over the whole tree
};

// Parses a root device description fetched from `location` (an absolute http(s) URL).
// Element names are matched by local name, so any namespace prefix is accepted.
// Every control/SCPD/event URL is resolved (see resolve_service_url) and then checked with
// check_url(…, policy): the SSRF guard runs inside parsing, so a returned description only
// holds URLs the policy allows.
result<description> parse_description(std::string_view xml, boost::urls::url_view location,
                                      const description_limits& limits = {},
                                      url_policy policy = url_policy::same_host);

}  // namespace igdkit::igd
