#include "igdkit/igd/selection.hpp"

#include <array>
#include <cstdint>

namespace igdkit::igd {
namespace {

struct v4_range {
  std::uint32_t network;
  unsigned prefix;
  ipv4_scope scope;
};

constexpr std::uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// IANA IPv4 special-purpose registry plus private, CGNAT, multicast and class E space: an
// external address in any of these means we are behind another NAT or the router lies.
constexpr std::array<v4_range, 18> reserved_v4{{
    {ip(0, 0, 0, 0), 8, ipv4_scope::unspecified},           // "this network", incl. 0.0.0.0
    {ip(10, 0, 0, 0), 8, ipv4_scope::private_use},          // RFC 1918
    {ip(100, 64, 0, 0), 10, ipv4_scope::shared},            // RFC 6598 shared address space (CGNAT)
    {ip(127, 0, 0, 0), 8, ipv4_scope::loopback},            // loopback
    {ip(169, 254, 0, 0), 16, ipv4_scope::link_local},       // link-local
    {ip(172, 16, 0, 0), 12, ipv4_scope::private_use},       // RFC 1918
    {ip(192, 0, 0, 0), 24, ipv4_scope::special_purpose},    // IETF protocol assignments
    {ip(192, 0, 2, 0), 24, ipv4_scope::documentation},      // TEST-NET-1
    {ip(192, 31, 196, 0), 24, ipv4_scope::special_purpose}, // AS112-v4
    {ip(192, 52, 193, 0), 24, ipv4_scope::special_purpose}, // AMT
    {ip(192, 88, 99, 0), 24, ipv4_scope::special_purpose},  // deprecated 6to4 relay anycast
    {ip(192, 168, 0, 0), 16, ipv4_scope::private_use},      // RFC 1918
    {ip(192, 175, 48, 0), 24, ipv4_scope::special_purpose}, // direct delegation AS112
    {ip(198, 18, 0, 0), 15, ipv4_scope::special_purpose},   // benchmarking
    {ip(198, 51, 100, 0), 24, ipv4_scope::documentation},   // TEST-NET-2
    {ip(203, 0, 113, 0), 24, ipv4_scope::documentation},    // TEST-NET-3
    {ip(224, 0, 0, 0), 4, ipv4_scope::multicast},           // multicast
    {ip(240, 0, 0, 0), 4, ipv4_scope::future_use},          // reserved, incl. 255.255.255.255
}};

}  // namespace

ipv4_scope classify_ipv4(const boost::asio::ip::address_v4& addr) noexcept {
  auto value = addr.to_uint();
  for (const auto& r : reserved_v4) {
    auto mask = r.prefix == 0 ? 0u : ~std::uint32_t{0} << (32 - r.prefix);
    if ((value & mask) == r.network) return r.scope;
  }
  return ipv4_scope::global;
}

std::string_view to_string(ipv4_scope s) noexcept {
  switch (s) {
    case ipv4_scope::global: return "global";
    case ipv4_scope::unspecified: return "unspecified";
    case ipv4_scope::private_use: return "private";
    case ipv4_scope::shared: return "shared (CGNAT)";
    case ipv4_scope::loopback: return "loopback";
    case ipv4_scope::link_local: return "link-local";
    case ipv4_scope::documentation: return "documentation";
    case ipv4_scope::special_purpose: return "special-purpose";
    case ipv4_scope::multicast: return "multicast";
    case ipv4_scope::future_use: return "reserved";
  }
  return "reserved";
}

bool is_reserved_ipv4(const boost::asio::ip::address_v4& addr) noexcept {
  return classify_ipv4(addr) != ipv4_scope::global;
}

bool is_reserved_ipv6(const boost::asio::ip::address_v6& addr) noexcept {
  if (addr.is_v4_mapped())
    return is_reserved_ipv4(boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, addr));
  if (addr.is_unspecified() || addr.is_loopback() || addr.is_link_local() || addr.is_multicast() ||
      addr.is_site_local())
    return true;
  auto b = addr.to_bytes();
  if ((b[0] & 0xfe) == 0xfc) return true;                                    // fc00::/7 ULA
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return true;  // 2001:db8::/32
  return false;
}

bool is_reserved_address(const boost::asio::ip::address& addr) noexcept {
  return addr.is_v4() ? is_reserved_ipv4(addr.to_v4()) : is_reserved_ipv6(addr.to_v6());
}

}  // namespace igdkit::igd
