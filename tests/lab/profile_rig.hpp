#pragma once
// Profile tests: a router started with named profiles (reusing the simrouter server rig), plus
// the wire-level helpers they share: SOAP requests by name, raw HTTP exchanges and unicast
// M-SEARCH on loopback.
#include "../simrouter/server_raw_client.hpp"
#include "../simrouter/server_rig.hpp"

#include "igdkit/sim/profiles.hpp"
#include "igdkit/soap/upnp_error.hpp"
#include "igdkit/ssdp/error.hpp"
#include "igdkit/ssdp/searcher.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace igdkit::sim::test {

inline const std::string wanip1 = "urn:schemas-upnp-org:service:WANIPConnection:1";
inline const std::string wanip2 = "urn:schemas-upnp-org:service:WANIPConnection:2";

// `base` with the profiles applied; a failure to apply fails the test at once.
inline router_options with_profiles(const std::vector<std::string>& names, router_options base = {}) {
  const auto outcome = apply_profiles(names, base);
  BOOST_REQUIRE_MESSAGE(!outcome.ec, outcome.detail);
  return base;
}

inline soap::action_request add_request(const std::string& service, std::uint16_t external, std::uint16_t internal,
                                        std::string protocol = "TCP", std::string lease = "0",
                                        std::string remote_host = "", std::string client = "127.0.0.1") {
  return {service,
          "AddPortMapping",
          {{"NewRemoteHost", std::move(remote_host)},
           {"NewExternalPort", std::to_string(external)},
           {"NewProtocol", std::move(protocol)},
           {"NewInternalPort", std::to_string(internal)},
           {"NewInternalClient", std::move(client)},
           {"NewEnabled", "1"},
           {"NewPortMappingDescription", "profile test"},
           {"NewLeaseDuration", std::move(lease)}}};
}

inline soap::action_request key_request(const std::string& service, std::string action, std::uint16_t port,
                                        std::string protocol = "TCP", std::string remote_host = "") {
  return {service,
          std::move(action),
          {{"NewRemoteHost", std::move(remote_host)}, {"NewExternalPort", std::to_string(port)},
           {"NewProtocol", std::move(protocol)}}};
}

inline soap::action_request no_args(const std::string& service, std::string action) {
  return {service, std::move(action), {}};
}

// The UPnP error code of a SOAP call (0 on success).
inline int upnp_code(const call_result& r) { return r.response.fault ? r.response.fault->code : 0; }

inline std::string argument(const call_result& r, std::string_view name) {
  return std::string(soap::find_argument(r.response.arguments, name).value_or("<missing>"));
}

// A complete SOAP POST as raw bytes (what a client sends), for tests that read the raw reply.
inline std::string soap_request_bytes(std::string_view path, const std::string& service, std::string_view action,
                                      std::string_view arguments_xml = "") {
  const std::string body =
      "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:" +
      std::string(action) + " xmlns:u=\"" + service + "\">" + std::string(arguments_xml) + "</u:" +
      std::string(action) + "></s:Body></s:Envelope>";
  return soap_post(path, "\"" + service + "#" + std::string(action) + "\"", body);
}

// Everything the server sends back for `request` until it closes (bounded by `deadline`), as
// bytes: for checks on framing that a parser would hide (chunk sizes, HEAD replies).
inline std::string raw_reply_bytes(const asio::ip::tcp::endpoint& to, const std::string& request,
                                   std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
  asio::io_context io;
  boost::beast::tcp_stream stream(io);
  stream.expires_after(deadline);
  std::string out;
  auto buffer = std::make_shared<std::array<char, 4096>>();
  std::function<void(boost::beast::error_code, std::size_t)> on_read = [&](boost::beast::error_code ec, std::size_t n) {
    out.append(buffer->data(), n);
    if (!ec) stream.async_read_some(asio::buffer(*buffer), on_read);
  };
  stream.async_connect(to, [&](boost::beast::error_code ec) {
    if (ec) return;
    asio::async_write(stream, asio::buffer(request), [&](boost::beast::error_code wec, std::size_t) {
      if (!wec) stream.async_read_some(asio::buffer(*buffer), on_read);
    });
  });
  io.run();
  return out;
}

// Unicast M-SEARCH for `st` to the router's SSDP port, sent twice (UDP); every distinct answer
// that arrives within `wait`. Empty when nothing answered.
inline std::vector<ssdp::search_result> unicast_search(const asio::ip::udp::endpoint& to, const ssdp::search_target& st,
                                                       std::chrono::milliseconds wait = std::chrono::milliseconds(400)) {
  ssdp::search_options o;
  o.targets = {st};
  o.unicast = to;
  o.timeout = wait;
  o.sends = 2;
  asio::io_context io;
  std::vector<ssdp::search_result> out;
  std::error_code error;
  ssdp::async_search(io.get_executor(), o, [&](std::error_code ec, std::vector<ssdp::search_result> found) {
    error = ec;
    out = std::move(found);
  });
  io.run();
  BOOST_TEST_REQUIRE((!error || error == ssdp::errc::no_response), error.message());
  return out;
}

}  // namespace igdkit::sim::test
