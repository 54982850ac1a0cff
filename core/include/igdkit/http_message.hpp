#pragma once
// The HTTP vocabulary of igdkit's servers (the simulated router, its admin API, the client's
// event listener): Beast string-body messages, size limits, and bodiless status answers.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <string_view>

namespace igdkit {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

struct http_limits {
  std::size_t header_limit = std::size_t{8} * 1024;
  std::size_t body_limit = std::size_t{64} * 1024;  // a SOAP request is < 2 KiB; miniupnpd caps far lower
};

// A text/plain response with the status's reason, for handlers and for a server's own refusals
// (timeouts, parse errors, 413, 503). `detail`, when given, follows on its own line: "412" alone
// does not tell a developer which rule their request broke.
http_response make_status_response(boost::beast::http::status status, unsigned version, bool keep_alive,
                                   std::string_view server, std::string_view detail = {});

}  // namespace igdkit
