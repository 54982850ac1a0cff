#pragma once
// A scripted raw HTTP server on 127.0.0.1:0 for loopback tests: each request gets canned bytes
// (chosen by its target, else the default reply), written verbatim, then the connection closes.
// Canned bytes, not a real server, so tests can send what real firmware sends: odd status
// lines, chunking, close-delimited bodies, captured SOAP answers.
#include <boost/asio.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace igdkit::test {

class scripted_http_server {
 public:
  using request = boost::beast::http::request<boost::beast::http::string_body>;

  // `default_reply` answers any target without a route; `delay` holds every reply back.
  explicit scripted_http_server(boost::asio::io_context& ioc, std::string default_reply = {},
                                std::chrono::milliseconds delay = std::chrono::milliseconds(0))
      : acceptor(ioc, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)),
        default_reply_(std::move(default_reply)),
        delay_(delay) {
    boost::asio::co_spawn(ioc, accept_loop(), boost::asio::detached);
  }

  // Raw reply bytes for requests whose target (path and query) is exactly `target`.
  void add_route(std::string target, std::string reply) { routes_[std::move(target)] = std::move(reply); }
  // For POSTs to `target` whose SOAPACTION names `action` (one control URL serves many actions).
  void add_soap_route(const std::string& target, std::string_view action, std::string reply) {
    routes_[target + "#" + std::string(action)] = std::move(reply);
  }

  std::uint16_t port() const { return acceptor.local_endpoint().port(); }
  std::string url(std::string_view path = "/ctl/IPConn") const {
    return "http://127.0.0.1:" + std::to_string(port()) + std::string(path);
  }

  boost::asio::ip::tcp::acceptor acceptor;
  std::optional<request> received;  // the latest request
  std::vector<request> requests;    // all of them, in arrival order

 private:
  static constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

  boost::asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
      if (ec) co_return;
      // One connection at a time keeps `requests` in the order the client sent them.
      co_await serve(std::move(socket));
    }
  }

  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    request req;
    auto [rec, n] = co_await boost::beast::http::async_read(socket, buffer, req, use_tuple);
    if (rec) co_return;
    const std::string& reply = reply_for(req);
    received = req;
    requests.push_back(std::move(req));
    if (delay_ > std::chrono::milliseconds(0)) {
      boost::asio::steady_timer timer(socket.get_executor(), delay_);
      co_await timer.async_wait(use_tuple);
    }
    co_await boost::asio::async_write(socket, boost::asio::buffer(reply), use_tuple);
    boost::system::error_code ignored;
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    // Drain until the client closes so our close never turns into a reset.
    char sink[256];
    for (;;) {
      auto [ec, m] = co_await socket.async_read_some(boost::asio::buffer(sink), use_tuple);
      if (ec) break;
    }
  }

  const std::string& reply_for(const request& req) const {
    // SOAPACTION: "urn:schemas-upnp-org:service:WANIPConnection:1#GetStatusInfo" (quotes optional)
    std::string_view soap_action;
    if (auto it = req.find("SOAPACTION"); it != req.end()) soap_action = it->value();
    while (!soap_action.empty() && soap_action.back() == '"') soap_action.remove_suffix(1);
    if (const auto hash = soap_action.rfind('#'); hash != std::string_view::npos) {
      const auto by_action = routes_.find(std::string(req.target()) + "#" + std::string(soap_action.substr(hash + 1)));
      if (by_action != routes_.end()) return by_action->second;
    }
    const auto route = routes_.find(std::string(req.target()));
    return route == routes_.end() ? default_reply_ : route->second;
  }

  std::string default_reply_;
  std::chrono::milliseconds delay_;
  std::map<std::string, std::string, std::less<>> routes_;
};

}  // namespace igdkit::test
