// Root device description -> parse_description (URL resolution + SSRF guard inside) against a
// small fixed set of LOCATIONs (LAN IPv4, loopback, IPv6 link-local, a host name). Whatever is
// returned must obey the limits and only hold URLs that check_url(same_host) admits.
#include "fuzz_check.hpp"
#include "igdkit/igd/description.hpp"
#include "igdkit/igd/url_policy.hpp"

#include <boost/url/parse.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

namespace {

using namespace igdkit::igd;
namespace urls = boost::urls;

struct counts {
  std::size_t devices = 0;
  std::size_t services = 0;
};

bool is_http(urls::url_view u) {
  return u.scheme_id() == urls::scheme::http || u.scheme_id() == urls::scheme::https;
}

void check_device(const device& d, urls::url_view location, url_policy policy, counts& n) {
  ++n.devices;
  for (const auto& s : d.services) {
    ++n.services;
    FUZZ_CHECK(is_http(s.control_url));
    FUZZ_CHECK(!check_url(s.control_url, location, policy));
    if (s.scpd_url) FUZZ_CHECK(!check_url(*s.scpd_url, location, policy));
    if (s.event_url) FUZZ_CHECK(!check_url(*s.event_url, location, policy));
    FUZZ_CHECK(classify_service_type(s.service_type).kind == s.kind);
  }
  for (const auto& sub : d.devices) check_device(sub, location, policy, n);
}

void run(std::string_view xml, urls::url_view location, url_policy policy) {
  const description_limits limits;
  auto parsed = parse_description(xml, location, limits, policy);
  if (!parsed) return;
  counts n;
  check_device(parsed->root, location, policy, n);
  FUZZ_CHECK(n.devices <= limits.max_devices);
  FUZZ_CHECK(n.services <= limits.max_services);
  std::optional<urls::url_view> base;
  if (parsed->url_base) base = *parsed->url_base;
  auto effective = effective_base(location, base);
  FUZZ_CHECK(effective.has_value() && is_http(*effective));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::array<urls::url, 4> locations{
      urls::url(urls::parse_absolute_uri("http://192.168.1.1:5000/rootDesc.xml").value()),
      urls::url(urls::parse_absolute_uri("http://127.0.0.1:2869/upnp/desc.xml").value()),
      urls::url(urls::parse_absolute_uri("http://[fe80::1]:49000/igddesc.xml").value()),
      urls::url(urls::parse_absolute_uri("http://fritz.box:49000/igd2desc.xml").value())};
  const auto xml = igdkit::fuzz::as_text(data, size);
  for (const auto& location : locations) run(xml, location, url_policy::same_host);
  run(xml, locations[0], url_policy::allow_any_host);
  return 0;
}
