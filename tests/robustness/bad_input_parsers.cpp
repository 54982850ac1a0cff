#include "bad_input_parsers.hpp"

#include "igdkit/igd/actions/port_listing.hpp"
#include "igdkit/igd/description.hpp"
#include "igdkit/igd/error.hpp"
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/http_handler.hpp"
#include "igdkit/sim/igd_handler.hpp"
#include "igdkit/soap/error.hpp"
#include "igdkit/soap/http_client.hpp"
#include "igdkit/soap/request.hpp"
#include "igdkit/soap/response.hpp"
#include "igdkit/soap/upnp_error.hpp"
#include "igdkit/ssdp/error.hpp"
#include "igdkit/ssdp/parse.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/parse.hpp>

#include <array>
#include <chrono>
#include <stdexcept>

namespace igdkit::robustness {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Enumerator names, indexed by value - 1 (both enums start at 1 and have no gaps).
constexpr std::array soap_names{
    "xml_malformed", "xml_too_large", "xml_too_deep", "not_a_soap_envelope", "no_body",
    "response_element_missing", "unexpected_action", "fault_without_upnp_error", "invalid_error_code",
    "too_many_arguments", "missing_soapaction", "bad_soapaction", "invalid_url", "unsupported_scheme", "timeout",
    "resolve_failed", "connection_failed", "connection_reset", "truncated_response", "header_too_large",
    "body_too_large", "http_protocol_error", "unexpected_http_status", "bad_argument_name"};
static_assert(static_cast<int>(soap::errc::bad_argument_name) == soap_names.size());

constexpr std::array igd_names{
    "xml_malformed", "xml_too_large", "xml_too_deep", "not_a_device_description", "missing_device_field",
    "missing_service_field", "too_many_devices", "too_many_services", "invalid_url", "url_not_allowed",
    "not_an_igd", "no_wan_connection_service", "missing_argument", "invalid_argument_value", "no_igd_found",
    "not_supported_by_service"};
static_assert(static_cast<int>(igd::errc::not_supported_by_service) == igd_names.size());

template <std::size_t N>
std::string lookup(const std::array<const char*, N>& names, const std::error_code& ec) {
  if (ec.value() >= 1 && static_cast<std::size_t>(ec.value()) <= N) return names[static_cast<std::size_t>(ec.value()) - 1];
  return std::string(ec.category().name()) + ":" + std::to_string(ec.value());
}

std::size_t size_param(const bad_case& c, const std::string& key, std::size_t fallback) {
  const auto v = c.param(key);
  return v ? static_cast<std::size_t>(std::stoul(*v)) : fallback;
}

soap::xml_limits xml_limits_of(const bad_case& c) {
  soap::xml_limits l;
  l.max_bytes = size_param(c, "max_bytes", l.max_bytes);
  l.max_depth = size_param(c, "max_depth", l.max_depth);
  l.max_arguments = size_param(c, "max_arguments", l.max_arguments);
  return l;
}

template <class Result>
std::string verdict(const Result& r) {
  return r ? std::string("ok") : error_name(r.error());
}

std::string run_ssdp(std::string_view bytes) { return verdict(ssdp::parse_message(bytes)); }

std::string run_soap_request(const bad_case& c, std::string_view bytes) {
  const auto header = c.param("soapaction");
  if (!header) throw std::runtime_error("soap_request needs soapaction=");
  return verdict(soap::parse_request(*header, bytes, xml_limits_of(c)));
}

std::string run_soap_response(const bad_case& c, std::string_view bytes) {
  const auto action = c.param("action");
  if (!action) throw std::runtime_error("soap_response needs action=");
  return verdict(soap::parse_response(bytes, *action, xml_limits_of(c)));
}

std::string run_description(const bad_case& c, std::string_view bytes) {
  const auto location = c.param_or("location", "http://192.168.1.1:5000/rootDesc.xml");
  // A LOCATION that is not even a URI reference is the test's mistake, not the parser's input.
  const auto url = boost::urls::parse_uri_reference(location);
  if (!url) throw std::runtime_error("location= is not a URI reference: " + location);
  igd::description_limits limits;
  limits.max_size = size_param(c, "max_size", limits.max_size);
  limits.max_depth = size_param(c, "max_depth", limits.max_depth);
  limits.max_devices = size_param(c, "max_devices", limits.max_devices);
  limits.max_services = size_param(c, "max_services", limits.max_services);
  return verdict(igd::parse_description(bytes, *url, limits));
}

std::string run_port_listing(std::string_view bytes) {
  igd::argument_diagnostic diag;
  const auto r = igd::parse_port_listing(bytes, &diag);
  if (r) return "ok";
  auto out = error_name(r.error());
  if (!diag.argument.empty()) out += ":" + std::string(diag.argument);
  return out;
}

// The UPnP errorCode inside a fault body (the handler always writes <errorCode>N</errorCode>).
std::string fault_code(const std::string& body) {
  const auto open = body.find("errorCode>");
  if (open == std::string::npos) return {};
  const auto start = open + 10;
  const auto end = body.find('<', start);
  return end == std::string::npos ? std::string() : body.substr(start, end - start);
}

std::string run_simrouter_http(const bad_case& c, std::string_view bytes) {
  const sim::clock::time_point boot{std::chrono::hours(24)};
  sim::igd_handler igd(sim::router_config{}, boot);
  sim::http_handler handler(sim::make_igd_layout(sim::layout_params{}), igd);
  sim::request_context ctx;
  ctx.client = asio::ip::make_address(c.param_or("client", "192.168.1.23"));
  ctx.now = boot + std::chrono::seconds(10);
  const auto res = handler.handle_bytes(bytes, ctx);
  auto out = std::to_string(res.result_int());
  if (res.result_int() == 500) {
    if (const auto code = fault_code(res.body()); !code.empty()) out += "/" + code;
  }
  return out;
}

// A one-connection "router" on 127.0.0.1: reads the client's request, then sends the case's bytes
// and closes (serve=hold: sends nothing and keeps the connection until the client gives up).
asio::awaitable<void> serve_once(tcp::acceptor& acceptor, std::string reply, bool hold) {
  namespace http = boost::beast::http;
  constexpr auto tuple = asio::as_tuple(asio::use_awaitable);
  auto [aec, socket] = co_await acceptor.async_accept(tuple);
  if (aec) co_return;
  boost::beast::flat_buffer buffer;
  http::request<http::string_body> request;
  auto [rec, rn] = co_await http::async_read(socket, buffer, request, tuple);
  if (rec) co_return;
  if (!hold) {
    // A client that gives up early (header_too_large) may reset us; the case is about its side.
    co_await asio::async_write(socket, asio::buffer(reply), tuple);
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
  }
  // Until the client closes: closing first could turn our data into a reset on its side.
  std::array<char, 256> sink{};
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(sink), tuple);
    if (ec) break;
  }
}

std::string run_http_response(const bad_case& c, std::string_view bytes) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const bool hold = c.param_or("serve", "reply") == "hold";
  asio::co_spawn(io, serve_once(acceptor, std::string(bytes), hold), asio::detached);

  soap::http_options options;
  options.deadline = std::chrono::milliseconds(size_param(c, "deadline_ms", 5000));
  options.header_limit = size_param(c, "header_limit", options.header_limit);
  options.body_limit = size_param(c, "body_limit", options.body_limit);
  const auto url = "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/ctl/IPConn";
  const soap::action_request request{"urn:schemas-upnp-org:service:WANIPConnection:1",
                                     c.param_or("action", "GetExternalIPAddress"), {}};
  std::optional<std::error_code> outcome;
  soap::async_call(io.get_executor(), boost::urls::url(url), request, options,
                   [&](std::error_code ec, const soap::action_response&) {
                     outcome = ec;
                     acceptor.close();
                   });
  // The client's own deadline must end every case; this only stops a broken client from hanging CTest.
  io.run_for(options.deadline + std::chrono::seconds(5));
  if (!outcome) return "hang (no completion within the deadline + 5 s)";
  return *outcome ? error_name(*outcome) : "ok";
}

}  // namespace

std::string error_name(const std::error_code& ec) {
  if (ec.category() == ssdp::category()) return std::string(ssdp::to_string(static_cast<ssdp::errc>(ec.value())));
  if (ec.category() == soap::soap_category()) return lookup(soap_names, ec);
  if (ec.category() == igd::igd_category()) return lookup(igd_names, ec);
  if (ec.category() == soap::upnp_category()) return "upnp:" + std::to_string(ec.value());
  return std::string(ec.category().name()) + ":" + std::to_string(ec.value());
}

std::string run_parser(const bad_case& c, std::string_view bytes) {
  if (c.parser == "ssdp") return run_ssdp(bytes);
  if (c.parser == "soap_request") return run_soap_request(c, bytes);
  if (c.parser == "soap_response") return run_soap_response(c, bytes);
  if (c.parser == "description") return run_description(c, bytes);
  if (c.parser == "port_listing") return run_port_listing(bytes);
  if (c.parser == "simrouter_http") return run_simrouter_http(c, bytes);
  if (c.parser == "http_response") return run_http_response(c, bytes);
  throw std::runtime_error("unknown parser '" + c.parser + "'");
}

}  // namespace igdkit::robustness
