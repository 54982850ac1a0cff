#include "igdkit/stun/client.hpp"
#include "igdkit/address.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <array>
#include <random>

namespace igdkit::stun {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using clock = std::chrono::steady_clock;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

transaction_id random_transaction_id() {
  std::random_device rd;
  transaction_id id{};
  for (std::size_t i = 0; i < id.size(); i += 4) {
    const auto r = rd();
    for (std::size_t j = 0; j < 4; ++j) id[i + j] = static_cast<std::uint8_t>(r >> (8 * j));
  }
  return id;
}

bool same_endpoint(const udp::endpoint& a, const udp::endpoint& b) {
  return a.port() == b.port() && unmapped(a.address()) == unmapped(b.address());
}

}  // namespace

std::vector<std::chrono::milliseconds> retransmit_schedule(const query_options& o) {
  std::vector<std::chrono::milliseconds> at;
  auto next = std::chrono::milliseconds{0};
  auto rto = std::max(o.initial_rto, std::chrono::milliseconds{1});
  while (at.size() < o.max_sends && next < o.timeout) {
    at.push_back(next);
    next += rto;
    rto *= 2;
  }
  return at;
}

namespace detail {

asio::awaitable<result<binding_result>> query(asio::any_io_executor ex, udp::endpoint server, query_options o) {
  using namespace asio::experimental::awaitable_operators;
  udp::socket socket(ex);
  asio::steady_timer timer(ex);
  boost::system::error_code ec;
  const auto local = o.local_address.value_or(server.address().is_v4() ? asio::ip::address(asio::ip::address_v4::any())
                                                                       : asio::ip::address(asio::ip::address_v6::any()));
  socket.open(local.is_v4() ? udp::v4() : udp::v6(), ec);
  if (!ec) socket.bind(udp::endpoint(local, 0), ec);
  if (ec) co_return std::error_code(ec);

  const auto id = random_transaction_id();
  const auto request = build_binding_request(id, request_options{o.fingerprint});
  const auto schedule = retransmit_schedule(o);
  const auto start = clock::now();
  const auto deadline = start + o.timeout;
  auto last_send = start;
  std::size_t sends = 0;
  std::array<std::uint8_t, 2048> buf{};

  for (;;) {
    const auto now = clock::now();
    if (now >= deadline) co_return make_error_code(errc::timeout);
    if (sends < schedule.size() && now >= start + schedule[sends]) {
      socket.send_to(asio::buffer(request), server, 0, ec);
      // A first request that cannot leave the host (no route, wrong family) will never work.
      if (ec && sends == 0) co_return std::error_code(ec);
      last_send = now;
      ++sends;
      continue;
    }
    timer.expires_at(sends < schedule.size() ? std::min(deadline, start + schedule[sends]) : deadline);
    udp::endpoint from;
    auto event = co_await (socket.async_receive_from(asio::buffer(buf), from, tuple_awaitable) ||
                           timer.async_wait(tuple_awaitable));
    if (event.index() == 1) continue;  // a retransmission is due or the deadline passed
    const auto [rec, n] = std::get<0>(event);
    if (rec) continue;  // e.g. an ICMP error from an earlier send; the deadline still holds
    if (!same_endpoint(from, server)) continue;
    auto parsed = parse_binding_response(std::span<const std::uint8_t>(buf.data(), n), id);
    if (!parsed) continue;  // another transaction, or garbage: keep waiting
    if (const auto* error = std::get_if<binding_error>(&*parsed)) co_return make_server_error(error->code);
    const auto& success = std::get<binding_success>(*parsed);
    co_return binding_result{success.mapped,
                             std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - last_send),
                             static_cast<unsigned>(sends)};
  }
}

}  // namespace detail
}  // namespace igdkit::stun
