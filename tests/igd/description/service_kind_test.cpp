#include <boost/test/unit_test.hpp>

#include "igdkit/igd/description.hpp"

#include <boost/url/parse.hpp>

using namespace igdkit::igd;

namespace {

struct kind_case {
  std::string_view type;
  service_kind kind;
  std::uint32_t version;
};

const kind_case kind_cases[] = {
    {"urn:schemas-upnp-org:service:WANIPConnection:1", service_kind::wan_ip_connection, 1},
    {"urn:schemas-upnp-org:service:WANIPConnection:2", service_kind::wan_ip_connection, 2},
    {"urn:schemas-upnp-org:service:WANIPConnection:7", service_kind::wan_ip_connection, 7},  // unknown version ok
    {"urn:schemas-upnp-org:service:WANPPPConnection:1", service_kind::wan_ppp_connection, 1},
    {"urn:schemas-upnp-org:service:WANPPPConnection:2", service_kind::wan_ppp_connection, 2},
    {"urn:dslforum-org:service:WANIPConnection:1", service_kind::wan_ip_connection, 1},
    {"urn:dslforum-org:service:WANPPPConnection:1", service_kind::wan_ppp_connection, 1},
    {"urn:dslforum-org:service:WANCommonInterfaceConfig:1", service_kind::wan_common_interface_config, 1},
    {"urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1", service_kind::wan_common_interface_config, 1},
    {"urn:schemas-upnp-org:service:WANIPv6FirewallControl:1", service_kind::wan_ipv6_firewall_control, 1},
    {"urn:schemas-upnp-org:service:Layer3Forwarding:1", service_kind::layer3_forwarding, 1},
    {"urn:schemas-upnp-org:service:WANIPConnection:x", service_kind::wan_ip_connection, 0},
    {"urn:schemas-upnp-org:service:WANIPConnectionX:1", service_kind::other, 0},  // prefix must end at ':'
    {"urn:schemas-upnp-org:service:WANIPConnection", service_kind::other, 0},
    {"urn:schemas-upnp-org:service:WANDSLLinkConfig:1", service_kind::other, 0},
    {"urn:example-com:service:WANIPConnection:1", service_kind::other, 0},
    {"WANIPConnection:1", service_kind::other, 0},
    {"", service_kind::other, 0},
};

const auto location = boost::urls::parse_uri("http://192.168.1.1:5000/d.xml").value();

std::string wrap(std::string_view device_body) {
  return "<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device>" +
         std::string(device_body) + "</device></root>";
}

}  // namespace

BOOST_AUTO_TEST_CASE(service_type_prefixes) {
  for (const auto& c : kind_cases) {
    BOOST_TEST_CONTEXT(c.type) {
      auto info = classify_service_type(c.type);
      BOOST_TEST((info.kind == c.kind));
      BOOST_TEST(info.version == c.version);
    }
  }
}

BOOST_AUTO_TEST_CASE(values_are_trimmed_and_cdata_read) {
  auto r = parse_description(wrap("<deviceType>\n  urn:schemas-upnp-org:device:InternetGatewayDevice:1\n</deviceType>"
                                  "<UDN><![CDATA[uuid:cdata]]></UDN><serviceList><service>"
                                  "<serviceType> urn:schemas-upnp-org:service:WANIPConnection:1 </serviceType>"
                                  "<controlURL>\n/ctl/ip\n</controlURL></service></serviceList>"),
                             location);
  BOOST_TEST_REQUIRE(r.has_value(), r.error().message());
  BOOST_TEST(r->root.device_type == "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
  BOOST_TEST(r->root.udn == "uuid:cdata");
  BOOST_TEST_REQUIRE(r->root.services.size() == 1u);
  BOOST_TEST((r->root.services[0].kind == service_kind::wan_ip_connection));
  BOOST_TEST(r->root.services[0].control_url.buffer() == "http://192.168.1.1:5000/ctl/ip");
  BOOST_TEST(!r->root.services[0].scpd_url.has_value());  // optional in practice
}

BOOST_AUTO_TEST_CASE(missing_service_type_is_specific) {
  auto r = parse_description(wrap("<deviceType>t</deviceType><UDN>uuid:x</UDN><serviceList><service>"
                                  "<controlURL>/c</controlURL></service></serviceList>"),
                             location);
  BOOST_TEST_REQUIRE(r.has_error());
  BOOST_TEST(r.error() == make_error_code(errc::missing_service_field));
}

BOOST_AUTO_TEST_CASE(size_cap_checked_before_parsing) {
  std::string huge(std::size_t{300} * 1024, '<');  // garbage: a size error, not a parse error, proves the order
  auto r = parse_description(huge, location);
  BOOST_TEST_REQUIRE(r.has_error());
  BOOST_TEST(r.error() == make_error_code(errc::xml_too_large));
}

BOOST_AUTO_TEST_CASE(depth_cap_is_configurable) {
  auto doc = wrap("<deviceType>t</deviceType><UDN>uuid:x</UDN>");  // depth 3 (root/device/UDN)
  description_limits tight;
  tight.max_depth = 2;
  BOOST_TEST(parse_description(doc, location, tight).error() == make_error_code(errc::xml_too_deep));
  tight.max_depth = 3;
  BOOST_TEST(parse_description(doc, location, tight).has_value());
}

BOOST_AUTO_TEST_CASE(empty_and_binary_input) {
  BOOST_TEST(parse_description("", location).error() == make_error_code(errc::xml_malformed));
  BOOST_TEST(parse_description(std::string_view("\0\x01\x02", 3), location).has_error());
  BOOST_TEST(parse_description("\xEF\xBB\xBF", location).error() == make_error_code(errc::xml_malformed));
}
