#pragma once
// Address vocabulary shared by the tree.
#include <boost/asio/ip/address.hpp>

namespace igdkit {

// An IPv4-mapped IPv6 address (::ffff:a.b.c.d, what a dual-stack socket reports for an IPv4
// peer) as the IPv4 address it stands for; any other address unchanged. Per-source tables and
// comparisons key on this, so one host never counts twice.
inline boost::asio::ip::address unmapped(const boost::asio::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  return a;
}

}  // namespace igdkit
