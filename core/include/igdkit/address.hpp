#pragma once
// Address vocabulary shared by the tree.
#include <boost/asio/ip/address.hpp>
#include <boost/url/url_view.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace igdkit {

// An IPv4-mapped IPv6 address (::ffff:a.b.c.d, what a dual-stack socket reports for an IPv4
// peer) as the IPv4 address it stands for; any other address unchanged. Per-source tables and
// comparisons key on this, so one host never counts twice.
inline boost::asio::ip::address unmapped(const boost::asio::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  return a;
}

// The URL's host when it is an IP literal ("http://192.168.1.1:5000/", "http://[fe80::1]/");
// nullopt for a name (which would need resolving) or no host.
inline std::optional<boost::asio::ip::address> literal_host(boost::urls::url_view u) {
  if (u.host_type() == boost::urls::host_type::ipv4)
    return boost::asio::ip::address_v4(u.host_ipv4_address().to_uint());
  if (u.host_type() == boost::urls::host_type::ipv6)
    return boost::asio::ip::address_v6(u.host_ipv6_address().to_bytes());
  return std::nullopt;
}

// "192.168.1.1:5000", "[fd00::1]:5000": an address and a port as a Host header or a URL
// authority writes them (IPv6 bracketed, or the port would read as part of the address).
inline std::string host_port(const boost::asio::ip::address& a, std::uint16_t port) {
  return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(port);
}

// The same for a TCP or UDP endpoint.
template <class Endpoint>
std::string host_port(const Endpoint& ep) {
  return host_port(ep.address(), ep.port());
}

}  // namespace igdkit
