// Any bytes -> GENA's readers: as an HTTP request (Beast, under the servers' limits) through
// read_subscription_request and read_notify_request, and as a body through parse_propertyset.
// Invariants: every refusal is a gena error with an HTTP status UDA allows for it; whatever
// property set parses survives a rebuild: parse(build(parse(x))) == parse(x).
#include "fuzz_check.hpp"
#include "igdkit/gena/error.hpp"
#include "igdkit/gena/messages.hpp"
#include "igdkit/gena/propertyset.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <cstdint>

using namespace igdkit;
namespace http = boost::beast::http;

namespace {

void check_refusal(const std::error_code& ec) {
  FUZZ_CHECK(ec.category() == gena::category());
  const auto status = gena::http_status(ec);
  FUZZ_CHECK(status == 400 || status == 403 || status == 412 || status == 413 || status == 503);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = igdkit::fuzz::as_text(data, size);

  if (auto props = gena::parse_propertyset(text)) {
    auto again = gena::parse_propertyset(gena::build_propertyset(*props));
    FUZZ_CHECK(again.has_value() && *again == *props);
  } else {
    check_refusal(props.error());
  }

  http::request_parser<http::string_body> parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::system::error_code ec;
  std::size_t used = 0;
  while (!ec && !parser.is_done() && used < text.size())
    used += parser.put(boost::asio::buffer(text.data() + used, text.size() - used), ec);
  if (ec || !parser.is_done()) return 0;
  const auto& request = parser.get();
  if (request.method() == http::verb::subscribe || request.method() == http::verb::unsubscribe) {
    auto sub = gena::read_subscription_request(request, 4);
    if (sub) {
      FUZZ_CHECK(sub->callbacks.size() <= 4);
      FUZZ_CHECK(sub->kind == gena::request_kind::subscribe ? !sub->callbacks.empty() : !sub->sid.empty());
    } else {
      check_refusal(sub.error());
    }
  }
  auto n = gena::read_notify_request(request);
  if (!n) check_refusal(n.error());
  return 0;
}
