// Default NewInternalClient: the address this host uses to reach the IGD. Connecting a UDP
// socket makes the kernel pick the route and source address without sending anything.
#include "igdkit/igd/client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

namespace igdkit::igd {
namespace asio = boost::asio;

result<asio::ip::address> local_address_towards(boost::urls::url_view target) {
  boost::system::error_code bec;
  std::string host = target.host_address();
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  auto remote = asio::ip::make_address(host, bec);
  if (bec) return errc::invalid_url;  // routers advertise literal addresses; names are not resolved here
  std::uint16_t port = target.has_port() ? target.port_number() : std::uint16_t{80};
  asio::io_context ctx;
  asio::ip::udp::socket socket(ctx);
  socket.open(remote.is_v4() ? asio::ip::udp::v4() : asio::ip::udp::v6(), bec);
  if (!bec) socket.connect({remote, port}, bec);
  if (bec) return std::error_code(bec);
  auto local = socket.local_endpoint(bec);
  if (bec) return std::error_code(bec);
  return local.address();
}

}  // namespace igdkit::igd
