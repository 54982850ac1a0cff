// Raw bytes -> Beast parser -> handle(): the socket-free entry point for fuzzing and tests.
#include "igdkit/sim/http_handler.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>

namespace igdkit::sim {

namespace http = boost::beast::http;

http_response http_handler::handle_bytes(std::string_view bytes, const request_context& ctx) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options_.limits.header_limit));
  parser.body_limit(options_.limits.body_limit);
  parser.eager(true);
  boost::system::error_code ec;
  // put() consumes one piece (header, body chunk) per call.
  while (!bytes.empty() && !parser.is_done()) {
    const auto n = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec == http::error::need_more) ec = {};
    if (ec || n == 0) break;
    bytes.remove_prefix(n);
  }
  if (!ec && !parser.is_done()) {
    // The socket would wait for more; without one, a truncated request is a bad request.
    // put_eof() asserts that some bytes were seen; nothing at all is just as partial.
    if (parser.got_some()) parser.put_eof(ec);
    if (!ec && !parser.is_done()) ec = http::error::partial_message;
  }
  if (ec == http::error::body_limit)
    return make_status_response(http::status::payload_too_large, 11, false, options_.server);
  if (ec == http::error::header_limit)
    return make_status_response(http::status::request_header_fields_too_large, 11, false, options_.server);
  if (ec) return make_status_response(http::status::bad_request, 11, false, options_.server);
  return handle(parser.get(), ctx);
}

}  // namespace igdkit::sim
