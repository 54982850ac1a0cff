#include "igdkit/igd/reach/probe_server.hpp"
#include "igdkit/igd/reach/udp_probe.hpp"

#include "probe_runner.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <variant>

namespace igdkit::igd::reach {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
using response = http::response<http::string_body>;

response json_response(http::status status, std::string body) {
  response res{status, 11};
  res.set(http::field::server, "igdkit-probe-server");
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.set(http::field::connection, "close");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

response error_response(http::status status, std::string_view error, std::string_view message) {
  return json_response(status, render_error(error, message));
}

// The pure part of a request: an immediate answer, or a probe to run for the requester.
using plan = std::variant<response, probe_request>;

plan plan_request(const http::request<http::string_body>& req, const asio::ip::address& peer) {
  std::string_view target = req.target();
  target = target.substr(0, target.find('?'));
  if (target == whoami_path) {
    if (req.method() != http::verb::get) {
      auto res = error_response(http::status::method_not_allowed, "method_not_allowed", "use GET");
      res.set(http::field::allow, "GET");
      return res;
    }
    return json_response(http::status::ok, render_whoami(peer));
  }
  if (target != probe_path) return error_response(http::status::not_found, "not_found", "no such endpoint");
  if (req.method() != http::verb::post) {
    auto res = error_response(http::status::method_not_allowed, "method_not_allowed", "use POST");
    res.set(http::field::allow, "POST");
    return res;
  }
  std::string detail;
  auto parsed = parse_probe_request(req.body(), &detail);
  if (!parsed) {
    const auto code = static_cast<errc>(parsed.error().value());
    const auto status = code == errc::body_too_large ? http::status::payload_too_large : http::status::bad_request;
    return error_response(status, to_wire_name(code), detail);
  }
  return *parsed;
}

std::string retry_after_seconds(std::chrono::milliseconds wait) {
  return std::to_string(std::max<std::int64_t>(1, (wait.count() + 999) / 1000));
}

}  // namespace

struct probe_server::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor e, probe_server_options o)
      : ex(std::move(e)), options(std::move(o)), acceptor(ex), limiter(options.rate), rng(std::random_device{}()) {
    options.max_probe_timeout = std::clamp(options.max_probe_timeout, std::chrono::milliseconds{1}, max_probe_timeout);
    options.default_probe_timeout = std::clamp(options.default_probe_timeout, std::chrono::milliseconds{1},
                                               options.max_probe_timeout);
  }

  asio::any_io_executor ex;
  probe_server_options options;
  tcp::acceptor acceptor;
  source_rate_limiter limiter;
  std::mt19937_64 rng;
  probe_server_stats stats;
  std::size_t connections = 0;
  std::size_t probes_in_flight = 0;
  std::map<asio::ip::address, std::size_t> per_source;
  std::map<std::uint64_t, beast::tcp_stream*> live;  // for stop()
  std::uint64_t next_id = 0;
  bool stopped = false;

  std::string nonce_payload() { return udp_probe_payload(rng()); }

  static asio::awaitable<void> accept_loop(std::shared_ptr<impl> self) {
    while (!self->stopped) {
      auto [ec, socket] = co_await self->acceptor.async_accept(use_tuple);
      if (ec) {
        if (self->stopped || ec == asio::error::operation_aborted) co_return;
        continue;  // e.g. EMFILE: the next accept may succeed
      }
      asio::co_spawn(self->ex, serve(self, std::move(socket)), asio::detached);
    }
  }

  // Admission: total and per-source connection caps. Returns the source, or nullopt to drop.
  std::optional<asio::ip::address> admit(const tcp::socket& socket) {
    boost::system::error_code ec;
    const auto remote = socket.remote_endpoint(ec);
    if (ec || stopped) return std::nullopt;
    const auto peer = unmapped(remote.address());
    if (connections >= options.max_connections || per_source[peer] >= options.max_connections_per_source) {
      if (per_source[peer] == 0) per_source.erase(peer);
      ++stats.refused_connections;
      return std::nullopt;
    }
    ++connections;
    ++per_source[peer];
    ++stats.accepted;
    return peer;
  }

  void release(const asio::ip::address& peer, std::uint64_t id) {
    live.erase(id);
    --connections;
    if (auto it = per_source.find(peer); it != per_source.end() && --it->second == 0) per_source.erase(it);
  }

  static asio::awaitable<void> serve(std::shared_ptr<impl> self, tcp::socket socket) {
    const auto peer = self->admit(socket);
    if (!peer) co_return;  // the socket closes here
    beast::tcp_stream stream(std::move(socket));
    const auto id = self->next_id++;
    self->live.emplace(id, &stream);
    auto res = co_await self->read_and_answer(stream, *peer);
    if (res && !self->stopped) {
      stream.expires_after(self->options.write_timeout);
      auto [wec, wn] = co_await http::async_write(stream, *res, use_tuple);
      if (!wec && !self->stopped) co_await linger(stream, self->options.write_timeout);
    }
    self->release(*peer, id);
  }

  // After the answer, read what the client still sends until it closes, so that our close with
  // unread bytes (a refused oversized body) does not turn into a reset that eats the answer.
  static asio::awaitable<void> linger(beast::tcp_stream& stream, std::chrono::milliseconds limit) {
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    std::array<char, 1024> sink{};
    std::size_t drained = 0;
    stream.expires_after(limit);
    while (drained < 64 * 1024) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), use_tuple);
      if (ec) break;
      drained += n;
    }
  }

  asio::awaitable<std::optional<response>> read_and_answer(beast::tcp_stream& stream, const asio::ip::address& peer) {
    beast::flat_buffer buffer(max_request_header_bytes + max_request_body_bytes);
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(max_request_header_bytes));
    parser.body_limit(max_request_body_bytes);
    stream.expires_after(options.read_timeout);
    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (rec == http::error::body_limit) {
      ++stats.bad_requests;
      co_return error_response(http::status::payload_too_large, to_wire_name(errc::body_too_large),
                               "body exceeds " + std::to_string(max_request_body_bytes) + " bytes");
    }
    if (rec == http::error::header_limit || rec == http::error::buffer_overflow) {
      ++stats.bad_requests;
      co_return error_response(http::status::request_header_fields_too_large, "header_too_large",
                               "header exceeds " + std::to_string(max_request_header_bytes) + " bytes");
    }
    if (rec == beast::error::timeout) {
      ++stats.timeouts;
      co_return std::nullopt;
    }
    if (rec == http::error::end_of_stream || rec == asio::error::eof || stopped) co_return std::nullopt;
    if (rec) {
      ++stats.bad_requests;
      co_return error_response(http::status::bad_request, "bad_http", "malformed HTTP request");
    }
    ++stats.requests;
    auto planned = plan_request(parser.get(), peer);
    if (auto* immediate = std::get_if<response>(&planned)) {
      if (immediate->result() != http::status::ok) ++stats.bad_requests;
      co_return std::move(*immediate);
    }
    const probe_request request = std::get<probe_request>(planned);
    response answer = co_await run(request, peer);
    co_return answer;
  }

  asio::awaitable<response> run(const probe_request& request, const asio::ip::address& peer) {
    const auto decision = limiter.try_acquire(peer, std::chrono::steady_clock::now());
    if (!decision.allowed) {
      ++stats.rate_limited;
      auto res = error_response(http::status::too_many_requests, "rate_limited",
                                "too many probes from this address; retry later");
      res.set(http::field::retry_after, retry_after_seconds(decision.retry_after));
      co_return res;
    }
    if (probes_in_flight >= options.max_concurrent_probes) {
      ++stats.busy;
      auto res = error_response(http::status::service_unavailable, "busy", "too many probes in progress");
      res.set(http::field::retry_after, "1");
      co_return res;
    }
    ++probes_in_flight;
    ++stats.probes;
    const auto timeout = effective_timeout(request, options.default_probe_timeout, options.max_probe_timeout);
    // The target is the requester, always: the request has no way to name another address.
    // (No co_await inside ?: or co_return expressions: g++ 12 double-frees their temporaries.)
    probe_report report;
    if (request.proto == protocol::tcp) {
      report = co_await detail::tcp_probe(peer, request.port, timeout, options.banner_wait, request.expect);
    } else {
      report = co_await detail::udp_probe(peer, request.port, timeout, nonce_payload());
    }
    --probes_in_flight;
    co_return json_response(http::status::ok, render_probe_report(report));
  }
};

probe_server::probe_server(asio::any_io_executor ex, probe_server_options options)
    : impl_(std::make_shared<impl>(std::move(ex), std::move(options))) {}

probe_server::~probe_server() { stop(); }

std::error_code probe_server::start() {
  boost::system::error_code ec;
  auto& a = impl_->acceptor;
  a.open(impl_->options.listen.protocol(), ec);
  if (!ec) a.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) a.bind(impl_->options.listen, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return ec;
  asio::co_spawn(impl_->ex, impl::accept_loop(impl_), asio::detached);
  return {};
}

tcp::endpoint probe_server::local_endpoint() const {
  boost::system::error_code ec;
  return impl_->acceptor.local_endpoint(ec);
}

void probe_server::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
  for (auto& [id, stream] : impl_->live) stream->socket().close(ignored);
}

const probe_server_stats& probe_server::stats() const noexcept { return impl_->stats; }

}  // namespace igdkit::igd::reach
