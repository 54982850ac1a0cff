// Loopback transport tests: a scripted raw HTTP server on 127.0.0.1:0 replies with canned bytes;
// async_call / async_http_get must turn each reply into the right value or error.
#define BOOST_TEST_MODULE soap_http_client
#include <boost/test/unit_test.hpp>

#include "igdkit/soap/error.hpp"
#include "igdkit/soap/http_client.hpp"
#include "igdkit/soap/request.hpp"
#include "igdkit/soap/response.hpp"
#include "igdkit/soap/upnp_error.hpp"
#include "support/scripted_http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/url.hpp>

#include <chrono>
#include <filesystem>
#include <iterator>
#include <optional>

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;
using namespace igdkit::soap;
using namespace std::chrono_literals;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
const std::string svc = "urn:schemas-upnp-org:service:WANIPConnection:1";

// The shared loopback fake: canned bytes for every request (tests/support).
using scripted_server = igdkit::test::scripted_http_server;

struct call_outcome {
  std::error_code ec;
  action_response response;
  std::chrono::milliseconds elapsed{};
};

action_request get_external_ip() { return {svc, "GetExternalIPAddress", {}}; }

call_outcome run_call(asio::io_context& ioc, const std::string& url, const action_request& req,
                      const http_options& opts = {}) {
  call_outcome out;
  bool done = false;
  const auto start = std::chrono::steady_clock::now();
  auto parsed = boost::urls::parse_uri(url);
  BOOST_REQUIRE(parsed);
  async_call(ioc.get_executor(), *parsed, req, opts, [&](std::error_code ec, action_response r) {
    out.ec = ec;
    out.response = std::move(r);
    out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    done = true;
    ioc.stop();
  });
  ioc.restart();  // a test may make several calls on one io_context, each ending with stop()
  ioc.run_for(10s);
  BOOST_REQUIRE_MESSAGE(done, "async_call never completed");
  return out;
}

std::string ip_response_body() {
  return build_response_body({svc, "GetExternalIPAddress", {{"NewExternalIPAddress", "203.0.113.7"}}, std::nullopt});
}

std::string with_length(const std::string& status_line, const std::string& body, const std::string& extra = {}) {
  return status_line + "\r\nContent-Type: text/xml; charset=\"utf-8\"\r\n" + extra +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

void expect_ip(const call_outcome& out) {
  BOOST_REQUIRE_MESSAGE(!out.ec, out.ec.message());
  BOOST_TEST(out.response.http_status == 200u);
  BOOST_TEST(find_argument(out.response.arguments, "NewExternalIPAddress").value_or("") == "203.0.113.7");
}

}  // namespace

BOOST_AUTO_TEST_CASE(content_length_response) {
  asio::io_context ioc;
  scripted_server server(ioc, with_length("HTTP/1.1 200 OK", ip_response_body()));
  expect_ip(run_call(ioc, server.url(), get_external_ip()));
}

// A numeric host is never resolved: Asio's resolver would start its getaddrinfo thread (issue 13
// measured a thread per synchronous call), so the exchange must leave the thread count alone.
BOOST_AUTO_TEST_CASE(numeric_host_starts_no_resolver_thread) {
  auto threads = [] {
    return std::distance(std::filesystem::directory_iterator("/proc/self/task"), std::filesystem::directory_iterator{});
  };
  asio::io_context ioc;
  scripted_server server(ioc, with_length("HTTP/1.1 200 OK", ip_response_body()));
  BOOST_REQUIRE(server.url().starts_with("http://127.0.0.1:"));
  const auto before = threads();
  expect_ip(run_call(ioc, server.url(), get_external_ip()));
  BOOST_TEST(threads() == before);
}

BOOST_AUTO_TEST_CASE(chunked_response) {
  const auto body = ip_response_body();
  const auto half = body.size() / 2;
  auto chunk = [](std::string_view s) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx", s.size());
    return std::string(size) + "\r\n" + std::string(s) + "\r\n";
  };
  asio::io_context ioc;
  scripted_server server(ioc, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(body.substr(0, half)) +
                                  chunk(body.substr(half)) + "0\r\n\r\n");
  expect_ip(run_call(ioc, server.url(), get_external_ip()));
}

BOOST_AUTO_TEST_CASE(close_delimited_response) {
  asio::io_context ioc;
  scripted_server server(ioc, "HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n" + ip_response_body());
  expect_ip(run_call(ioc, server.url(), get_external_ip()));
}

BOOST_AUTO_TEST_CASE(request_bytes_are_exact) {
  asio::io_context ioc;
  scripted_server server(ioc, with_length("HTTP/1.1 200 OK", build_response_body({svc, "AddPortMapping", {}, {}})));
  action_request req{svc, "AddPortMapping", {{"NewExternalPort", "40000"}, {"NewPortMappingDescription", "a&b"}}};
  http_options opts;
  opts.user_agent = "test-agent/1.0 UPnP/1.1";
  auto out = run_call(ioc, server.url("/ctl/IPConn?x=1"), req, opts);
  BOOST_REQUIRE_MESSAGE(!out.ec, out.ec.message());
  BOOST_REQUIRE(server.received);
  const auto& got = *server.received;
  BOOST_TEST(got.method() == http::verb::post);
  BOOST_TEST(got.target() == "/ctl/IPConn?x=1");
  BOOST_TEST(got.version() == 11u);
  BOOST_TEST(got[http::field::host] == "127.0.0.1:" + std::to_string(server.port()));
  BOOST_TEST(got[http::field::content_type] == "text/xml; charset=\"utf-8\"");
  BOOST_TEST(got["SOAPACTION"] == "\"urn:schemas-upnp-org:service:WANIPConnection:1#AddPortMapping\"");
  BOOST_TEST(got[http::field::connection] == "close");
  BOOST_TEST(got[http::field::user_agent] == "test-agent/1.0 UPnP/1.1");
  BOOST_TEST(got[http::field::content_length] == std::to_string(got.body().size()));
  BOOST_TEST(got.count(http::field::transfer_encoding) == 0u);
  BOOST_TEST(got.body() == build_request_body(req));
}

BOOST_AUTO_TEST_CASE(fault_500_carries_code_and_description) {
  asio::io_context ioc;
  const auto body = build_response_body({svc, "AddPortMapping", {}, upnp_fault{718, "Mapping taken by 10.0.0.9"}});
  scripted_server server(ioc, with_length("HTTP/1.1 500 Internal Server Error", body));
  auto out = run_call(ioc, server.url(), {svc, "AddPortMapping", {}});
  BOOST_TEST(out.ec == std::error_code(upnp_errc::conflict_in_mapping_entry));
  BOOST_REQUIRE(out.response.fault);
  BOOST_TEST(out.response.fault->code == 718);
  BOOST_TEST(out.response.fault->description == "Mapping taken by 10.0.0.9");
  BOOST_TEST(out.response.http_status == 500u);
}

BOOST_AUTO_TEST_CASE(fault_with_status_200_is_still_a_fault) {
  asio::io_context ioc;
  const auto body = build_response_body({svc, "GetGenericPortMappingEntry", {}, upnp_fault{713, "Bad Array Index"}});
  scripted_server server(ioc, with_length("HTTP/1.1 200 OK", body));
  auto out = run_call(ioc, server.url(), {svc, "GetGenericPortMappingEntry", {}});
  BOOST_TEST(out.ec == make_upnp_error(713));
  BOOST_REQUIRE(out.response.fault);
  BOOST_TEST(out.response.fault->description == "Bad Array Index");
}

BOOST_AUTO_TEST_CASE(status_500_without_body) {
  asio::io_context ioc;
  scripted_server server(ioc, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
  auto out = run_call(ioc, server.url(), get_external_ip());
  BOOST_TEST(out.ec == make_error_code(errc::unexpected_http_status));
  BOOST_TEST(out.response.http_status == 500u);
}

BOOST_AUTO_TEST_CASE(status_404_html) {
  asio::io_context ioc;
  scripted_server server(ioc, with_length("HTTP/1.1 404 Not Found", "<html><body>nope</body></html>"));
  auto out = run_call(ioc, server.url(), get_external_ip());
  BOOST_TEST(out.ec == make_error_code(errc::unexpected_http_status));
  BOOST_TEST(out.response.http_status == 404u);
}

BOOST_AUTO_TEST_CASE(status_200_with_garbage_body) {
  asio::io_context ioc;
  scripted_server server(ioc, with_length("HTTP/1.1 200 OK", "<s:Envelope><s:Body>"));
  auto out = run_call(ioc, server.url(), get_external_ip());
  BOOST_TEST(out.ec == make_error_code(errc::xml_malformed));
}

BOOST_AUTO_TEST_CASE(truncated_body) {
  asio::io_context ioc;
  const auto body = ip_response_body();
  scripted_server server(ioc, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size() + 100) + "\r\n\r\n" + body);
  auto out = run_call(ioc, server.url(), get_external_ip());
  BOOST_TEST(out.ec == make_error_code(errc::truncated_response));
}

BOOST_AUTO_TEST_CASE(oversized_body_hits_limit) {
  asio::io_context ioc;
  scripted_server server(ioc, with_length("HTTP/1.1 200 OK", std::string(4096, 'x')));
  http_options opts;
  opts.body_limit = 1024;
  auto out = run_call(ioc, server.url(), get_external_ip(), opts);
  BOOST_TEST(out.ec == make_error_code(errc::body_too_large));
}

BOOST_AUTO_TEST_CASE(oversized_header_hits_limit) {
  asio::io_context ioc;
  scripted_server server(ioc, with_length("HTTP/1.1 200 OK", ip_response_body(), "X-Junk: " + std::string(4000, 'j') + "\r\n"));
  http_options opts;
  opts.header_limit = 1024;
  auto out = run_call(ioc, server.url(), get_external_ip(), opts);
  BOOST_TEST(out.ec == make_error_code(errc::header_too_large));
}

BOOST_AUTO_TEST_CASE(not_http_at_all) {
  asio::io_context ioc;
  scripted_server server(ioc, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
  auto out = run_call(ioc, server.url(), get_external_ip());
  BOOST_TEST(out.ec == make_error_code(errc::http_protocol_error));
}

BOOST_AUTO_TEST_CASE(slow_server_hits_deadline) {
  asio::io_context ioc;
  scripted_server server(ioc, with_length("HTTP/1.1 200 OK", ip_response_body()), 5s);
  http_options opts;
  opts.deadline = 300ms;
  auto out = run_call(ioc, server.url(), get_external_ip(), opts);
  BOOST_TEST(out.ec == make_error_code(errc::timeout));
  BOOST_TEST(out.elapsed.count() >= 250);
  BOOST_TEST(out.elapsed.count() < 2000);
}

BOOST_AUTO_TEST_CASE(connection_refused) {
  asio::io_context ioc;
  std::uint16_t port = 0;
  {
    tcp::acceptor probe(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  auto out = run_call(ioc, "http://127.0.0.1:" + std::to_string(port) + "/ctl", get_external_ip());
  BOOST_TEST(out.ec == make_error_code(errc::connection_failed));
}

BOOST_AUTO_TEST_CASE(url_checks_happen_before_any_traffic) {
  const std::pair<std::string, errc> rows[] = {
      {"https://127.0.0.1:1/ctl", errc::unsupported_scheme},
      {"ftp://127.0.0.1/ctl", errc::unsupported_scheme},
      {"http:/ctl", errc::invalid_url},
      {"http://user:pw@127.0.0.1/ctl", errc::invalid_url},
      {"http://127.0.0.1:0/ctl", errc::invalid_url},
  };
  for (const auto& [url, want] : rows) {
    asio::io_context ioc;
    auto out = run_call(ioc, url, get_external_ip());
    BOOST_TEST(out.ec == make_error_code(want), url);
  }
}

BOOST_AUTO_TEST_CASE(http_get_returns_body_on_200_only) {
  const std::string desc = "<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device/></root>";
  {
    asio::io_context ioc;
    scripted_server server(ioc, with_length("HTTP/1.1 200 OK", desc));
    std::error_code ec;
    std::string body;
    async_http_get(ioc.get_executor(), *boost::urls::parse_uri(server.url("/rootDesc.xml")), {},
                   [&](std::error_code e, std::string b) {
                     ec = e;
                     body = std::move(b);
                   });
    ioc.run_for(10s);
    BOOST_TEST(!ec);
    BOOST_TEST(body == desc);
    BOOST_REQUIRE(server.received);
    BOOST_TEST(server.received->method() == http::verb::get);
    BOOST_TEST(server.received->target() == "/rootDesc.xml");
  }
  {
    asio::io_context ioc;
    scripted_server server(ioc, with_length("HTTP/1.1 404 Not Found", "gone"));
    std::error_code ec;
    async_http_get(ioc.get_executor(), *boost::urls::parse_uri(server.url("/x.xml")), {},
                   [&](std::error_code e, const std::string&) { ec = e; });
    ioc.run_for(10s);
    BOOST_TEST(ec == make_error_code(errc::unexpected_http_status));
  }
}

BOOST_AUTO_TEST_CASE(works_with_use_awaitable) {
  asio::io_context ioc;
  scripted_server server(ioc, with_length("HTTP/1.1 200 OK", ip_response_body()));
  std::optional<std::string> ip;
  asio::co_spawn(ioc, [&]() -> asio::awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    const std::string text = server.url();  // the url_view must not outlive its string
    const auto url = boost::urls::parse_uri(text).value();
    // Named arguments: keeps this test clear of g++ 12 temporary-lifetime bugs around co_await.
    const auto req = get_external_ip();
    const http_options opts;
    auto [ec, r] = co_await async_call(ex, url, req, opts, use_tuple);
    if (!ec) ip = std::string(find_argument(r.arguments, "NewExternalIPAddress").value_or(""));
  }, asio::detached);
  ioc.run_for(10s);
  BOOST_TEST(ip.value_or("none") == "203.0.113.7");
}

namespace {

// Answers every request on a connection with a Content-Length reply, keeping the connection
// open (or closing it after the first reply when `close_after_reply`); counts connections.
class keep_alive_server {
 public:
  keep_alive_server(asio::io_context& ioc, bool close_after_reply, bool say_close = false)
      : acceptor_(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        close_after_reply_(close_after_reply),
        say_close_(say_close) {
    asio::co_spawn(ioc, accept_loop(), asio::detached);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/ctl"; }
  int connections = 0;
  int requests = 0;
  int closed = 0;  // connections this server closed itself
  std::vector<std::string> connection_headers;

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
      if (ec) co_return;
      ++connections;
      asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket)), asio::detached);
    }
  }
  asio::awaitable<void> serve(tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      auto [rec, n] = co_await http::async_read(socket, buffer, req, use_tuple);
      if (rec) co_return;
      ++requests;
      connection_headers.emplace_back(req[http::field::connection]);
      const auto reply =
          with_length("HTTP/1.1 200 OK", ip_response_body(), say_close_ ? "Connection: close\r\n" : "");
      auto [wec, wn] = co_await asio::async_write(socket, asio::buffer(reply), use_tuple);
      if (wec) co_return;
      if (close_after_reply_ || say_close_) {
        boost::system::error_code ignored;
        socket.close(ignored);
        ++closed;
        co_return;
      }
    }
  }
  tcp::acceptor acceptor_;
  bool close_after_reply_, say_close_;
};

http_options pooled() {
  http_options o;
  o.pool = std::make_shared<connection_pool>();
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_pool_reuses_a_kept_alive_connection) {
  asio::io_context ioc;
  keep_alive_server server(ioc, false);
  const auto opts = pooled();
  for (int i = 0; i < 3; ++i) expect_ip(run_call(ioc, server.url(), get_external_ip(), opts));
  BOOST_TEST(server.requests == 3);
  BOOST_TEST(server.connections == 1);
  BOOST_TEST(opts.pool->idle() == 1u);
  BOOST_TEST(server.connection_headers.front().empty());  // no "close" asked for

  // Without a pool: one connection per request, each asking to close.
  keep_alive_server plain(ioc, false);
  for (int i = 0; i < 2; ++i) expect_ip(run_call(ioc, plain.url(), get_external_ip()));
  BOOST_TEST(plain.connections == 2);
  BOOST_TEST(plain.connection_headers.front() == "close");
}

BOOST_AUTO_TEST_CASE(a_pool_never_reuses_a_closed_or_refused_connection) {
  asio::io_context ioc;
  // The server closes after each reply without saying so: the next request sees the dead
  // connection before sending, and opens a new one instead of failing.
  keep_alive_server silent_close(ioc, true);
  const auto opts = pooled();
  expect_ip(run_call(ioc, silent_close.url(), get_external_ip(), opts));
  ioc.restart();
  while (silent_close.closed < 1 && ioc.run_one_for(5s) > 0) {
  }  // the server's own close has happened when this ends
  BOOST_REQUIRE(silent_close.closed == 1);
  expect_ip(run_call(ioc, silent_close.url(), get_external_ip(), opts));
  BOOST_TEST(silent_close.connections == 2);

  // "Connection: close" in the reply: nothing is pooled.
  keep_alive_server says_close(ioc, false, true);
  const auto opts2 = pooled();
  expect_ip(run_call(ioc, says_close.url(), get_external_ip(), opts2));
  BOOST_TEST(opts2.pool->idle() == 0u);
}
