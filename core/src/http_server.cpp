#include "igdkit/http_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include <array>
#include <map>

namespace igdkit {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
}  // namespace

struct http_server::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor e, http_server_options opts, http_request_function f,
       http_async_request_function af = {})
      : ex(std::move(e)), o(std::move(opts)), fn(std::move(f)), async_fn(std::move(af)), acceptor(ex),
        admission(o.admission) {}

  asio::any_io_executor ex;
  http_server_options o;
  http_request_function fn;
  http_async_request_function async_fn;  // set instead of fn by the awaitable constructor
  tcp::acceptor acceptor;
  std::map<connection_id, beast::tcp_stream*> live;  // closed by stop() or eviction; each session removes itself
  connection_admission admission;
  connection_id next_id = 0;
  http_server_stats stats;
  bool stopped = false;

  std::error_code open() {
    boost::system::error_code ec;
    acceptor.open(o.listen.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(o.listen, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    return ec;
  }

  asio::awaitable<void> accept_loop() {
    auto self = shared_from_this();
    asio::steady_timer backoff(ex);
    while (!stopped) {
      auto [ec, socket] = co_await acceptor.async_accept(tuple_awaitable);
      if (stopped || ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // EMFILE and friends: pause instead of spinning on a failing accept.
        backoff.expires_after(std::chrono::milliseconds(50));
        co_await backoff.async_wait(tuple_awaitable);
        continue;
      }
      boost::system::error_code peer_ec;
      const auto peer = socket.remote_endpoint(peer_ec).address();
      const auto id = ++next_id;
      const auto verdict = peer_ec ? admission_verdict{} : admission.admit(id, peer, std::chrono::steady_clock::now());
      if (verdict.evict) evict(*verdict.evict);
      if (!verdict.admitted) {
        ++stats.refused;
        boost::system::error_code ignored;
        socket.close(ignored);
        continue;
      }
      ++stats.accepted;
      asio::co_spawn(ex, session(std::move(socket), id, peer), asio::detached);
    }
  }

  // Its session sees its read aborted and ends as for any closed connection.
  void evict(connection_id id) {
    const auto it = live.find(id);
    if (it == live.end()) return;
    ++stats.evicted;
    boost::system::error_code ignored;
    it->second->socket().close(ignored);
  }

  // Why a read failed decides the answer: limits get their status, garbage gets 400, and a
  // timeout or a vanished peer gets nothing (there is nobody useful to answer).
  std::optional<http::status> refusal_for(const boost::system::error_code& ec) {
    if (ec == beast::error::timeout) {
      ++stats.timeouts;
      return std::nullopt;
    }
    if (ec == http::error::body_limit) return http::status::payload_too_large;
    if (ec == http::error::header_limit) return http::status::request_header_fields_too_large;
    if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      ++stats.bad_requests;
      return http::status::bad_request;
    }
    return std::nullopt;
  }

  asio::awaitable<http_response> call(const http_request& request, const asio::ip::address& peer) {
    // The request function is meant to be noexcept in practice; a bug must not kill the server.
    bool failed = false;
    http_response res;
    try {
      if (async_fn)
        res = co_await async_fn(request, peer);
      else
        res = fn(request, peer);
    } catch (...) {
      failed = true;
    }
    if (failed) res = make_status_response(http::status::internal_server_error, request.version(), false, o.server);
    co_return res;
  }

  // Fault injection: delay, then answer or misbehave. Returns whether the connection may go on.
  asio::awaitable<bool> reply(beast::tcp_stream& stream, http_response& res, const reply_plan& plan) {
    if (plan.delay.count() > 0) {
      asio::steady_timer timer(ex, plan.delay);
      co_await timer.async_wait(tuple_awaitable);
      if (stopped) co_return false;
    }
    boost::system::error_code ignored;
    switch (plan.action) {
      case reply_action::answer: {
        const bool keep_alive = res.keep_alive();
        stream.expires_after(o.write_timeout);
        auto [ec, n] = co_await http::async_write(stream, res, tuple_awaitable);
        if (!ec && !stopped && o.on_written) o.on_written(res);
        co_return !ec && keep_alive;
      }
      case reply_action::reset:
        stream.socket().set_option(tcp::socket::linger(true, 0), ignored);
        stream.socket().close(ignored);
        co_return false;
      case reply_action::truncate_body: {
        // Announce the whole body, deliver half: the client sees a short read, not a clean EOF.
        const auto body = std::move(res.body());
        res.chunked(false);
        res.content_length(body.size());
        res.keep_alive(false);
        http::response<http::empty_body> header_message(res.base());  // the serializer keeps a reference
        http::response_serializer<http::empty_body> header_only{header_message};
        stream.expires_after(o.write_timeout);
        auto [hec, hn] = co_await http::async_write_header(stream, header_only, tuple_awaitable);
        if (!hec)
          co_await asio::async_write(stream, asio::buffer(body.data(), body.size() / 2), tuple_awaitable);
        co_return false;
      }
      case reply_action::status_500_empty: {
        http_response bare{http::status::internal_server_error, res.version()};
        bare.set(http::field::server, o.server);
        bare.content_length(0);
        bare.keep_alive(false);
        stream.expires_after(o.write_timeout);
        co_await http::async_write(stream, bare, tuple_awaitable);
        co_return false;
      }
      case reply_action::hold: {
        // A hung daemon: the request was read, no answer ever comes. Wait for the client (or
        // stop()) to end it.
        stream.expires_never();
        std::array<char, 512> sink{};
        for (;;) {
          auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), tuple_awaitable);
          if (ec) break;
        }
        co_return false;
      }
    }
    co_return false;
  }

  asio::awaitable<void> session(tcp::socket socket, connection_id id, asio::ip::address peer) {
    auto self = shared_from_this();
    beast::tcp_stream stream(std::move(socket));
    live.emplace(id, &stream);
    stats.active = live.size();
    beast::flat_buffer buffer;
    bool first = true;

    while (!stopped) {
      if (!first) admission.awaiting_request(id, std::chrono::steady_clock::now());
      if (!first && buffer.size() == 0) {
        // Keep-alive: wait for the next request's first byte under the idle timeout, so the
        // header timeout below always runs from the first byte.
        stream.expires_after(o.idle_timeout);
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(1024), tuple_awaitable);
        if (ec) break;
        buffer.commit(n);
      }
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(o.limits.header_limit));
      parser.body_limit(o.limits.body_limit);

      stream.expires_after(o.header_timeout);
      auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, tuple_awaitable);
      if (!ec) {
        stream.expires_after(o.body_timeout);
        std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, tuple_awaitable);
      }
      if (stopped) break;
      if (ec) {
        if (auto status = refusal_for(ec)) {
          auto res = make_status_response(*status, 11, false, o.server);
          stream.expires_after(o.write_timeout);
          co_await http::async_write(stream, res, tuple_awaitable);
        }
        break;
      }
      admission.request_complete(id);
      ++stats.requests;
      const auto& request = parser.get();
      const reply_plan plan = o.on_reply ? o.on_reply(request) : reply_plan{};
      auto res = co_await call(request, peer);
      if (stopped) break;
      const bool go_on = co_await reply(stream, res, plan);
      if (!go_on) break;
      first = false;
    }

    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
    live.erase(id);
    admission.release(id);
    stats.active = live.size();
  }

  void stop() {
    stopped = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    for (auto& [id, s] : live) s->socket().close(ignored);
  }
};

http_server::http_server(asio::any_io_executor ex, http_server_options options, http_request_function fn)
    : impl_(std::make_shared<impl>(std::move(ex), std::move(options), std::move(fn))) {}

http_server::http_server(asio::any_io_executor ex, http_server_options options, http_async_request_function fn)
    : impl_(std::make_shared<impl>(std::move(ex), std::move(options), http_request_function{}, std::move(fn))) {}

http_server::~http_server() { impl_->stop(); }

std::error_code http_server::start() {
  if (auto ec = impl_->open()) {
    impl_->stop();
    return ec;
  }
  asio::co_spawn(impl_->ex, impl_->accept_loop(), asio::detached);
  return {};
}

tcp::endpoint http_server::local_endpoint() const {
  boost::system::error_code ec;
  return impl_->acceptor.local_endpoint(ec);
}

void http_server::stop() { impl_->stop(); }

const http_server_stats& http_server::stats() const noexcept { return impl_->stats; }

}  // namespace igdkit
