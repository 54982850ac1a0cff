#pragma once
// An igd::transport that hands every request to a sim::router in process (router::serve): no
// sockets, and the router's clock is whatever its options say, so tests can run a fake one.
#include "igdkit/igd/transport.hpp"
#include "igdkit/sim/router.hpp"
#include "igdkit/soap/error.hpp"
#include "igdkit/soap/http_call.hpp"

#include <boost/beast/http/field.hpp>

namespace igdkit::test {

struct fake_clock {
  sim::clock::time_point now = sim::clock::time_point{} + std::chrono::hours(1000);
  std::function<sim::clock::time_point()> source() {
    return [this] { return now; };
  }
};

// Counts what went through it, and can be switched off to simulate an unreachable router.
struct wire_stats {
  std::size_t calls = 0;
  std::size_t gets = 0;
  bool unreachable = false;
};

// Free coroutines, not capturing lambdas: a lambda coroutine reads its captures through the
// closure, which may be gone by the time the awaitable runs.
inline boost::asio::awaitable<soap::call_outcome> in_memory_call(sim::router* router, wire_stats* stats,
                                                                 boost::asio::ip::address client, boost::urls::url url,
                                                                 soap::action_request request, soap::http_options http) {
  ++stats->calls;
  if (stats->unreachable) co_return soap::call_outcome{make_error_code(soap::errc::connection_failed), {}};
  auto req = soap::make_call_request(url.encoded_target().empty() ? "/" : url.encoded_target(), request);
  req.set(boost::beast::http::field::host, url.encoded_host_and_port());
  req.prepare_payload();
  auto res = router->serve(req, client);
  co_return soap::read_call_reply(res.result_int(), res.body(), request, http.body_limit);
}

inline boost::asio::awaitable<result<std::string>> in_memory_get(sim::router* router, wire_stats* stats,
                                                                 boost::asio::ip::address client, boost::urls::url url) {
  ++stats->gets;
  if (stats->unreachable) co_return make_error_code(soap::errc::connection_failed);
  http_request req{boost::beast::http::verb::get, url.encoded_target(), 11};
  req.set(boost::beast::http::field::host, url.encoded_host_and_port());
  auto res = router->serve(req, client);
  if (res.result_int() != 200) co_return make_error_code(soap::errc::unexpected_http_status);
  co_return std::move(res.body());
}

inline igd::transport in_memory_transport(sim::router& router, wire_stats& stats,
                                          boost::asio::ip::address client = boost::asio::ip::make_address("127.0.0.1")) {
  igd::transport t;
  t.call = [r = &router, s = &stats, client](boost::urls::url url, soap::action_request request, soap::http_options http) {
    return in_memory_call(r, s, client, std::move(url), std::move(request), std::move(http));
  };
  t.get = [r = &router, s = &stats, client](boost::urls::url url, soap::http_options) {
    return in_memory_get(r, s, client, std::move(url));
  };
  return t;
}

}  // namespace igdkit::test
