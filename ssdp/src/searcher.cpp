#include "igdkit/ssdp/searcher.hpp"

#include "igdkit/ssdp/build.hpp"
#include "igdkit/ssdp/error.hpp"
#include "igdkit/ssdp/gateway.hpp"
#include "igdkit/ssdp/ipv6.hpp"
#include "igdkit/ssdp/parse.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/multicast.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>

namespace igdkit::ssdp {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using clock = std::chrono::steady_clock;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

}  // namespace

std::vector<search_target> default_igd_targets() {
  return {search_target::device("InternetGatewayDevice", 2), search_target::device("InternetGatewayDevice", 1),
          search_target::service("WANIPConnection", 2), search_target::service("WANIPConnection", 1),
          search_target::service("WANPPPConnection", 1)};
}

searcher::searcher(asio::any_io_executor ex, search_options options)
    : executor_(ex), options_(std::move(options)), socket_(ex), timer_(ex) {}

void searcher::cancel() {
  cancelled_ = true;
  boost::system::error_code ignored;
  socket_.cancel(ignored);
  timer_.cancel();
}

std::error_code searcher::open() {
  boost::system::error_code ec;
  const bool multicast = !options_.unicast;
  auto iface = options_.interface_address.value_or(asio::ip::address_v4::any());
  if (multicast) {
    if (iface.is_v4()) {
      destination_ = udp::endpoint(asio::ip::make_address(multicast_v4), multicast_port);
    } else {
      destination_ = udp::endpoint(multicast_group_v6(iface.to_v6()), multicast_port);
    }
  } else {
    destination_ = *options_.unicast;
    if (!options_.interface_address)
      iface = destination_.address().is_v4() ? asio::ip::address(asio::ip::address_v4::any())
                                             : asio::ip::address(asio::ip::address_v6::any());
  }
  socket_.open(iface.is_v4() ? udp::v4() : udp::v6(), ec);
  if (!ec) socket_.bind(udp::endpoint(iface, 0), ec);
  if (!ec && multicast) {
    socket_.set_option(asio::ip::multicast::hops(options_.multicast_ttl), ec);
    if (!ec && iface.is_v4() && !iface.is_unspecified())
      socket_.set_option(asio::ip::multicast::outbound_interface(iface.to_v4()), ec);
    // A ULA/GUA has no zone: leave by the interface holding it, not whatever the routes pick.
    const auto index = iface.is_v6() && !iface.is_unspecified() ? interface_index_of(iface.to_v6()) : std::nullopt;
    if (!ec && index) socket_.set_option(asio::ip::multicast::outbound_interface(*index), ec);
  }
  if (ec) return ec;

  for (const auto& st : options_.targets) {
    search_request r;
    r.host = host_header(multicast ? destination_ : *options_.unicast);
    if (multicast) r.mx = options_.mx;  // unicast searches carry no MX (UDA 1.1)
    r.st = st;
    r.user_agent = options_.user_agent;
    auto wire = build(r);
    if (!wire) return wire.error();
    datagrams_.push_back(std::move(*wire));
  }
  if (multicast && options_.unicast_to_gateways && iface.is_v4() && !iface.is_loopback()) {
    for (const auto& route : default_routes()) {
      const udp::endpoint gateway(route.gateway, multicast_port);
      for (const auto& st : options_.targets) {
        search_request r;
        r.host = host_header(gateway);
        r.st = st;
        r.user_agent = options_.user_agent;
        if (auto wire = build(r)) gateway_datagrams_.emplace_back(gateway, std::move(*wire));
      }
    }
  }
  return {};
}

// Sends one round; returns an error only when every datagram of the round failed.
std::error_code searcher::send_all() {
  std::error_code last;
  bool any = datagrams_.empty();
  for (const auto& d : datagrams_) {
    boost::system::error_code ec;
    socket_.send_to(asio::buffer(d), destination_, 0, ec);
    if (ec) last = ec;
    else any = true;
  }
  for (const auto& [gateway, d] : gateway_datagrams_) {
    boost::system::error_code ec;  // a gateway that cannot be reached leaves the multicast search alone
    socket_.send_to(asio::buffer(d), gateway, 0, ec);
    if (!ec) any = true;
  }
  return any ? std::error_code{} : last;
}

asio::awaitable<result<search_result>> searcher::next() {
  using namespace asio::experimental::awaitable_operators;
  cancelled_ = false;
  if (!started_) {
    started_ = true;
    open_error_ = open();
    start_ = next_send_ = clock::now();
    deadline_ = start_ + options_.timeout;
  }
  if (open_error_) co_return open_error_;

  std::array<char, max_datagram_size + 1> buf{};  // +1 detects oversized datagrams
  for (;;) {
    if (cancelled_) co_return make_error_code(std::errc::operation_canceled);
    const auto now = clock::now();
    if (now >= deadline_) co_return make_error_code(seen_.empty() ? errc::no_response : errc::search_finished);
    if (sends_done_ < options_.sends && now >= next_send_) {
      const auto ec = send_all();
      // A first round that cannot leave the host (no route, bad interface) will never work.
      if (ec && sends_done_ == 0) co_return ec;
      ++sends_done_;
      next_send_ += options_.send_interval;
      continue;
    }
    timer_.expires_at(sends_done_ < options_.sends ? std::min(deadline_, next_send_) : deadline_);
    udp::endpoint from;
    auto event = co_await (socket_.async_receive_from(asio::buffer(buf), from, tuple_awaitable) ||
                           timer_.async_wait(tuple_awaitable));
    if (event.index() == 1) continue;  // a send is due or the deadline passed
    const auto [ec, n] = std::get<0>(event);
    if (ec) continue;  // e.g. an ICMP error from an earlier send; cancellation is checked above
    auto parsed = parse_search_response(std::string_view(buf.data(), n));
    if (!parsed) {
      ++dropped_;
      continue;
    }
    if (!seen_.emplace(parsed->usn, std::string(parsed->location.buffer())).second) continue;
    co_return search_result{std::move(*parsed), from,
                            std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start_)};
  }
}

namespace detail {

asio::awaitable<result<search_result>> find_first(asio::any_io_executor ex, search_options o) {
  searcher s(ex, std::move(o));
  auto [ec, r] = co_await s.async_next(tuple_awaitable);
  if (ec) co_return ec;
  co_return std::move(r);
}

asio::awaitable<result<std::vector<search_result>>> search_all(asio::any_io_executor ex, search_options o) {
  searcher s(ex, std::move(o));
  std::vector<search_result> out;
  for (;;) {
    auto [ec, r] = co_await s.async_next(tuple_awaitable);
    if (ec == errc::search_finished) co_return out;
    if (ec) co_return ec;
    out.push_back(std::move(r));
  }
}

}  // namespace detail
}  // namespace igdkit::ssdp
