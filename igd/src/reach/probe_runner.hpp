#pragma once
// The probes themselves, one coroutine each; internal to the probe-server. Both talk only to
// `target`, which the server sets to the requester's own address.
#include "igdkit/igd/reach/probe_protocol.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace igdkit::igd::reach::detail {

// Connect; then read up to max_banner_bytes for banner_wait (until the deadline when `expect`
// is set). A service that sends nothing is reachable: the handshake completed.
boost::asio::awaitable<probe_report> tcp_probe(boost::asio::ip::address target, std::uint16_t port,
                                               std::chrono::milliseconds timeout, std::chrono::milliseconds banner_wait,
                                               std::optional<std::string> expect);

// Sends `payload` once ("igdkit-probe <nonce>") and waits for the same bytes from target:port.
boost::asio::awaitable<probe_report> udp_probe(boost::asio::ip::address target, std::uint16_t port,
                                               std::chrono::milliseconds timeout, std::string payload);

}  // namespace igdkit::igd::reach::detail
