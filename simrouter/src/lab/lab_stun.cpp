// The lab's STUN server: one UDP socket on 127.0.0.1 standing for a STUN server on the Internet.
// Every Binding Request is answered with the address the topology shows to the Internet
// (topology.public_ip: the home router's WAN in nat/no-nat, the carrier NAT's in cgnat, the
// upstream router's in double-nat) and the request's own source port. Messages are parsed and
// built by the igdkit::stun pure core; this file only does I/O.
#include "lab_impl.hpp"

#include "igdkit/stun/message.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace igdkit::sim {

namespace asio = boost::asio;
using asio::ip::udp;

namespace detail {

struct stun_server {
  explicit stun_server(const asio::any_io_executor& ex) : socket(ex) {}
  udp::socket socket;
  udp::endpoint local;
};

}  // namespace detail

namespace {

// The answer to one datagram: nothing for what is not a Binding Request (RFC 8489: silently
// discarded), 420 for unknown comprehension-required attributes, else the mapped address.
std::optional<std::vector<std::uint8_t>> stun_answer(std::span<const std::uint8_t> datagram, std::uint16_t source_port,
                                                     const asio::ip::address_v4& public_ip) {
  auto request = stun::parse_binding_request(datagram);
  if (!request) return std::nullopt;
  if (!request->unknown_required.empty())
    return stun::build_binding_error(request->id, 420, "Unknown Attribute", request->unknown_required);
  return stun::build_binding_success(request->id, udp::endpoint(public_ip, source_port));
}

// Holds the server alive while it waits; touches the lab only while the socket is open (stop()
// closes it before the lab goes away, so a late completion returns without looking at it).
asio::awaitable<void> serve(std::shared_ptr<detail::stun_server> server, lab::impl* lab) {
  std::array<std::uint8_t, 2048> buf{};
  for (;;) {
    udp::endpoint from;
    auto [ec, n] = co_await server->socket.async_receive_from(asio::buffer(buf), from,
                                                              asio::as_tuple(asio::use_awaitable));
    if (!server->socket.is_open() || ec == asio::error::operation_aborted) co_return;
    if (ec) continue;  // e.g. an ICMP error for an earlier answer
    const auto public_ip = lab->options.topology.public_ip;
    auto answer = stun_answer(std::span<const std::uint8_t>(buf.data(), n), from.port(), public_ip);
    if (!answer) {
      lab->add_log("stun", from.address().to_string(), "not a STUN Binding Request (" + std::to_string(n) + " bytes)");
      continue;
    }
    boost::system::error_code send_ec;
    server->socket.send_to(asio::buffer(*answer), from, 0, send_ec);
    lab->add_log("stun", from.address().to_string(),
                 "Binding Request from port " + std::to_string(from.port()) + ": mapped " + public_ip.to_string() +
                     ":" + std::to_string(from.port()) + (send_ec ? " (send failed: " + send_ec.message() + ")" : ""));
  }
}

}  // namespace

std::error_code lab::impl::start_stun(std::string* detail) {
  if (!options.stun) return {};
  auto server = std::make_shared<detail::stun_server>(ex);
  boost::system::error_code ec;
  const udp::endpoint listen(asio::ip::address_v4::loopback(), options.stun_port);
  server->socket.open(udp::v4(), ec);
  if (!ec) server->socket.bind(listen, ec);
  if (!ec) server->local = server->socket.local_endpoint(ec);
  if (ec) {
    if (detail) *detail = "STUN server on 127.0.0.1:" + std::to_string(options.stun_port) + ": " + ec.message();
    return ec;
  }
  stun = server;
  asio::co_spawn(ex, serve(std::move(server), this), asio::detached);
  return {};
}

void lab::impl::stop_stun() {
  if (!stun) return;
  boost::system::error_code ignored;
  stun->socket.close(ignored);
  stun.reset();
}

udp::endpoint lab::stun_endpoint() const { return impl_->stun ? impl_->stun->local : udp::endpoint{}; }

}  // namespace igdkit::sim
