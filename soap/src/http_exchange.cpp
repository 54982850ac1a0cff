#include "http_exchange.hpp"

#include "igdkit/soap/error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <variant>

namespace igdkit::soap::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

enum class phase { connect, write, read };

std::error_code map_error(const boost::system::error_code& ec, phase p) {
  if (ec == beast::error::timeout || ec == asio::error::operation_aborted) return errc::timeout;
  if (ec == http::error::body_limit) return errc::body_too_large;
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) return errc::header_too_large;
  if (ec == http::error::partial_message || ec == http::error::end_of_stream || ec == asio::error::eof) {
    return errc::truncated_response;
  }
  if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
    return p == phase::connect ? errc::connection_failed : errc::connection_reset;
  }
  if (ec.category() == http::make_error_code(http::error::bad_version).category()) {
    return errc::http_protocol_error;
  }
  return p == phase::connect ? errc::connection_failed : errc::connection_reset;
}

// Resolution has no stream to carry the deadline, so it races a timer.
asio::awaitable<result<tcp::resolver::results_type>> resolve(const http_target& target,
                                                            std::chrono::steady_clock::time_point deadline) {
  using namespace asio::experimental::awaitable_operators;
  // A numeric host (what IGDs put in LOCATION and control URLs) needs no resolver, whose
  // getaddrinfo thread would cost more than the whole exchange on loopback.
  boost::system::error_code numeric_ec;
  const auto literal = asio::ip::make_address(target.host, numeric_ec);
  if (!numeric_ec) {
    co_return tcp::resolver::results_type::create(tcp::endpoint(literal, target.port), target.host,
                                                  std::to_string(target.port));
  }
  auto ex = co_await asio::this_coro::executor;
  tcp::resolver resolver(ex);
  asio::steady_timer timer(ex, deadline);
  auto winner = co_await (resolver.async_resolve(target.host, std::to_string(target.port), use_tuple) ||
                          timer.async_wait(use_tuple));
  if (winner.index() == 1) co_return make_error_code(errc::timeout);
  auto [ec, results] = std::get<0>(std::move(winner));
  if (ec || results.empty()) co_return make_error_code(errc::resolve_failed);
  co_return results;
}

}  // namespace

result<http_target> make_target(boost::urls::url_view url) {
  if (!url.has_scheme()) return make_error_code(errc::invalid_url);
  if (url.scheme_id() != boost::urls::scheme::http) return make_error_code(errc::unsupported_scheme);
  if (!url.has_authority() || url.host_type() == boost::urls::host_type::none || url.encoded_host().empty() ||
      url.has_userinfo()) {
    return make_error_code(errc::invalid_url);
  }
  http_target t;
  if (url.has_port() && !url.port().empty()) {
    if (url.port_number() == 0) return make_error_code(errc::invalid_url);
    t.port = url.port_number();
  }
  switch (url.host_type()) {
    case boost::urls::host_type::ipv4: t.host = url.host_ipv4_address().to_string(); break;
    case boost::urls::host_type::ipv6: t.host = url.host_ipv6_address().to_string(); break;
    case boost::urls::host_type::name: t.host = url.host(); break;
    default: return make_error_code(errc::invalid_url);  // ipvfuture
  }
  t.host_header = std::string(url.encoded_host());
  if (t.port != 80) t.host_header += ":" + std::to_string(t.port);
  t.target = std::string(url.encoded_target());
  if (t.target.empty()) t.target = "/";
  if (t.target.front() != '/') return make_error_code(errc::invalid_url);
  return t;
}

asio::awaitable<result<http_reply>> exchange(const http_target& target, http::request<http::string_body> request,
                                             const http_options& options) {
  const auto deadline = std::chrono::steady_clock::now() + options.deadline;
  auto endpoints = co_await resolve(target, deadline);
  if (!endpoints) co_return endpoints.error();

  const auto ex = co_await asio::this_coro::executor;
  std::optional<connection_pool::key> pool_key;
  std::optional<tcp::socket> reused;
  if (options.pool) {
    // A pooled connection needs a single peer to be keyed by (numeric hosts: always).
    pool_key = connection_pool::key{endpoints->begin()->endpoint(), options.local_address};
    reused = options.pool->take(*pool_key, ex);
  }
  beast::tcp_stream stream = reused ? beast::tcp_stream(std::move(*reused)) : beast::tcp_stream(ex);
  stream.expires_at(deadline);
  if (!reused && options.local_address) {
    // A bound socket connects to one endpoint of its family (a range would reopen it unbound).
    const auto local = *options.local_address;
    const auto match = std::find_if(endpoints->begin(), endpoints->end(), [&](const auto& e) {
      return e.endpoint().address().is_v4() == local.is_v4();
    });
    if (match == endpoints->end()) co_return make_error_code(errc::connection_failed);
    boost::system::error_code bec;
    stream.socket().open(match->endpoint().protocol(), bec);
    if (!bec) stream.socket().bind(tcp::endpoint(local, 0), bec);
    if (bec) co_return make_error_code(errc::connection_failed);
    auto [cec] = co_await stream.async_connect(match->endpoint(), use_tuple);
    if (cec) co_return map_error(cec, phase::connect);
  } else if (!reused) {
    auto [cec, ep] = co_await stream.async_connect(*endpoints, use_tuple);
    if (cec) co_return map_error(cec, phase::connect);
    if (pool_key) pool_key->peer = ep;
  }

  request.version(11);
  request.set(http::field::host, target.host_header);
  request.set(http::field::user_agent, options.user_agent);
  if (!options.pool) request.set(http::field::connection, "close");
  request.prepare_payload();
  stream.expires_at(deadline);
  auto [wec, wn] = co_await http::async_write(stream, request, use_tuple);
  if (wec) co_return map_error(wec, phase::write);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options.header_limit, UINT32_MAX)));
  parser.body_limit(options.body_limit);
  stream.expires_at(deadline);
  auto [rec, rn] = co_await http::async_read(stream, buffer, parser, use_tuple);
  if (rec) co_return map_error(rec, phase::read);

  // Reusable only when the reply ends exactly where the connection's bytes do.
  const bool reusable = pool_key && parser.get().keep_alive() && parser.is_done() && buffer.size() == 0;
  auto message = parser.release();
  if (reusable) {
    options.pool->put(*pool_key, stream.release_socket());
  } else {
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }
  http_reply reply{message.result_int(), std::move(message.body()), {}, {}};
  if (const auto it = message.find(http::field::retry_after); it != message.end()) reply.retry_after = it->value();
  reply.headers = std::move(message.base());
  co_return reply;
}

}  // namespace igdkit::soap::detail
