#pragma once
// Raw-bytes HTTP client for the server tests: sends exactly what the test wrote (oversize
// bodies, wrong methods, half requests) and reads one response with a deadline.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace igdkit::sim::test {

using raw_response = boost::beast::http::response<boost::beast::http::string_body>;

// nullopt: the server closed (or timed out) without a parsable response.
inline std::optional<raw_response> raw_exchange(const boost::asio::ip::tcp::endpoint& to, const std::string& bytes,
                                                std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  asio::io_context io;
  beast::tcp_stream stream(io);
  std::optional<raw_response> out;
  stream.expires_after(deadline);
  stream.async_connect(to, [&](beast::error_code ec) {
    if (ec) return;
    asio::async_write(stream, asio::buffer(bytes), [&](beast::error_code wec, std::size_t) {
      if (wec) return;
      auto buffer = std::make_shared<beast::flat_buffer>();
      auto res = std::make_shared<raw_response>();
      beast::http::async_read(stream, *buffer, *res, [&, buffer, res](beast::error_code rec, std::size_t) {
        if (!rec) out = std::move(*res);
      });
    });
  });
  io.run();
  return out;
}

inline std::string soap_post(std::string_view path, std::string_view soapaction, std::string_view body,
                             bool keep_alive = false) {
  std::string r = "POST " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!soapaction.empty()) r += "SOAPACTION: " + std::string(soapaction) + "\r\n";
  r += "Content-Type: text/xml; charset=\"utf-8\"\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  if (!keep_alive) r += "Connection: close\r\n";
  r += "\r\n";
  r += body;
  return r;
}

}  // namespace igdkit::sim::test
