// HTTP response framing exactly as the SOAP client reads it (soap/src/http_exchange.cpp has no
// pure framing function): Beast's http::read with a flat_buffer into a
// response_parser<string_body> with the client's header_limit/body_limit, over Beast's in-memory
// test stream (no sockets). The peer closes after the input, so close-delimited bodies end and
// truncated messages surface as partial_message. A complete reply's body then goes through
// parse_response as call() does.
//
// Input: byte 0 picks the read size per socket read (0 = everything at once), byte 1 the action
// the client expects; the rest is what the "router" sent.
#include "fuzz_check.hpp"
#include "igdkit/soap/http_client.hpp"
#include "igdkit/soap/response.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;

constexpr std::array<std::string_view, 4> actions{"GetExternalIPAddress", "AddPortMapping",
                                                  "GetGenericPortMappingEntry", "GetListOfPortMappings"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t read_size = data[0];
  const auto action = actions[data[1] % actions.size()];
  const auto wire = igdkit::fuzz::as_text(data + 2, size - 2);

  static boost::asio::io_context ioc;
  const igdkit::soap::http_options options;  // the client's defaults: 8 KiB header, 1 MiB body

  beast::test::stream peer(ioc, wire);
  if (read_size != 0) peer.read_size(read_size);
  peer.close_remote();  // "Connection: close": EOF after the bytes

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options.header_limit, UINT32_MAX)));
  parser.body_limit(options.body_limit);
  boost::system::error_code ec;
  const auto consumed = http::read(peer, buffer, parser, ec);
  if (ec) {
    FUZZ_CHECK(!parser.is_done() || ec == http::error::end_of_stream);
    return 0;
  }
  FUZZ_CHECK(parser.is_done());
  FUZZ_CHECK(consumed <= wire.size());
  const auto& message = parser.get();
  // Beast takes any three digits, "000" included (the client then reports http_status 0).
  FUZZ_CHECK(message.result_int() <= 999);
  FUZZ_CHECK(message.body().size() <= options.body_limit);

  auto parsed = igdkit::soap::parse_response(message.body(), action, {.max_bytes = options.body_limit});
  if (parsed && parsed->fault) FUZZ_CHECK(parsed->arguments.empty() && parsed->fault->code >= 0);
  if (parsed && !parsed->fault) FUZZ_CHECK(parsed->action == action);
  return 0;
}
