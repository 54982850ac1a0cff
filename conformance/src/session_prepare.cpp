// The session's SSDP side (one datagram out, every answer collected) and prepare(): finding the
// device and reading what the checks need to know about it.
#include "igdkit/conformance/session.hpp"

#include "check_support.hpp"
#include "run_to_completion.hpp"

#include "igdkit/address.hpp"

#include "igdkit/igd/client.hpp"
#include "igdkit/igd/error.hpp"
#include "igdkit/ssdp/messages.hpp"
#include "igdkit/ssdp/parse.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>

namespace igdkit::conformance {
namespace asio = boost::asio;
using udp = asio::ip::udp;

namespace prepare_detail {

// The whole exchange lives in one coroutine: the socket and timer die with it.
asio::awaitable<result<std::vector<ssdp_answer>>> collect(udp::endpoint to, std::optional<asio::ip::address> from,
                                                          std::string datagram, std::chrono::milliseconds window,
                                                          std::size_t enough) {
  auto ex = co_await asio::this_coro::executor;
  udp::socket socket(ex);
  boost::system::error_code ec;
  socket.open(to.protocol(), ec);
  if (!ec && from) socket.bind({*from, 0}, ec);
  if (!ec) socket.send_to(asio::buffer(datagram), to, 0, ec);
  if (ec) co_return std::error_code(ec);
  std::vector<ssdp_answer> out;
  asio::steady_timer timer(ex, window);
  // Runs after the coroutine ended when cancelled: touch the socket only on expiry.
  timer.async_wait([&socket](boost::system::error_code wait) {
    if (!wait) socket.close();
  });
  std::array<char, ssdp::max_datagram_size> buf{};
  while (out.size() < enough) {
    udp::endpoint source;
    auto [rec, n] = co_await socket.async_receive_from(asio::buffer(buf), source, asio::as_tuple(asio::use_awaitable));
    if (rec) break;  // the window closed the socket
    out.push_back({std::string(buf.data(), n), source});
  }
  timer.cancel();
  co_return out;
}

// The version of "urn:schemas-upnp-org:device:InternetGatewayDevice:2", read as SSDP reads it.
unsigned version_of(std::string_view device_type) {
  auto t = ssdp::parse_search_target(device_type);
  return t && t->kind == ssdp::target_kind::device_type ? t->version : 0;
}

}  // namespace prepare_detail

std::vector<ssdp_answer> session::search(std::string datagram, std::optional<std::chrono::milliseconds> window,
                                         std::size_t enough) {
  return search_at(facts_.ssdp_endpoint, std::move(datagram), window, enough);
}

std::vector<ssdp_answer> session::search_at(udp::endpoint to, std::string datagram,
                                            std::optional<std::chrono::milliseconds> window, std::size_t enough) {
  const auto wait = window.value_or(options_.ssdp_window);
  auto got = detail::run_to_completion<std::vector<ssdp_answer>>(
      io_, prepare_detail::collect(to, options_.local_address, datagram, wait, enough));
  std::vector<ssdp_answer> out = got ? std::move(*got) : std::vector<ssdp_answer>{};
  exchange_evidence e{trim_evidence(datagram), {}, got ? std::string() : got.error().message()};
  for (const auto& a : out) {
    if (!e.response.empty()) e.response += "\n";
    e.response += "from " + host_port(a.source) + "\n" + a.raw;
  }
  if (got && out.empty()) e.error = "no answer within " + std::to_string(wait.count()) + " ms";
  e.response = trim_evidence(e.response);
  record(std::move(e));
  return out;
}

std::error_code session::prepare() {
  if (options_.ssdp_endpoint) facts_.ssdp_endpoint = *options_.ssdp_endpoint;
  if (options_.location) {
    facts_.location = *options_.location;
    if (!options_.ssdp_endpoint) {
      boost::system::error_code ec;
      auto host = asio::ip::make_address(facts_.location.host_address(), ec);
      if (!ec) facts_.ssdp_endpoint = udp::endpoint(host, ssdp::multicast_port);
    }
  }
  if (options_.wan_side) {
    // Nothing may answer here: what did is recorded for the checks to judge, never an error.
    if (options_.location) facts_.description_fetch = get(facts_.location);
    return {};
  }
  if (!options_.location) {
    if (!options_.ssdp_endpoint) return igd::make_error_code(igd::errc::no_igd_found);
    auto answers = search(support::msearch(*this, "upnp:rootdevice"), std::nullopt, 1);
    if (answers.empty()) return igd::make_error_code(igd::errc::no_igd_found);
    auto parsed = ssdp::parse_search_response(answers.front().raw);
    if (!parsed) return parsed.error();
    facts_.location = parsed->location;
  }
  facts_.description_fetch = get(facts_.location);
  if (!facts_.description_fetch.answered()) return facts_.description_fetch.error;
  auto desc = igd::parse_description(facts_.description_fetch.body, facts_.location);
  if (!desc) {
    facts_.description_error = desc.error();
    return {};  // the description checks report why; the rest skip
  }
  facts_.description = std::move(*desc);
  facts_.root_udn = facts_.description->root.udn;
  facts_.igd_version = options_.igd_version ? options_.igd_version
                                            : prepare_detail::version_of(facts_.description->root.device_type);
  auto wans = igd::find_wan_connections(*facts_.description);
  for (const auto& w : wans) {
    if (w.connection.kind == igd::service_kind::wan_ip_connection) {
      facts_.wan = w;
      break;
    }
  }
  if (!facts_.wan && !wans.empty()) facts_.wan = wans.front();
  if (options_.local_address && options_.local_address->is_v4()) {
    facts_.our_address = options_.local_address->to_v4();
  } else if (auto local = igd::local_address_towards(facts_.location); local && local->is_v4()) {
    facts_.our_address = local->to_v4();
  }
  return {};
}

}  // namespace igdkit::conformance
