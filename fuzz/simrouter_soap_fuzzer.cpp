// The simulated router's HTTP side: whole request bytes -> http_handler::handle_bytes (Beast
// parser under the server's limits -> routing -> SOAP parse -> igd_handler) with a fresh
// router per input. Up to 8 requests separated by "\n@@NEXT@@\n" run in sequence against the
// same router (client 192.168.1.23, one second apart), so Add/Get/Delete sequences are reached.
//
// Invariants: the status is one the handler documents; every 500 with an XML body is a UPnP
// fault with a code in 400..899; every 200 to a POST carries a SOAP response (no fault); every
// 200 to a SUBSCRIBE carries SID and TIMEOUT, and the subscription table stays within its limits
// while its deliveries are drained.
#include "fuzz_check.hpp"
#include "igdkit/gena/publisher.hpp"
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/http_handler.hpp"
#include "igdkit/sim/igd_handler.hpp"
#include "igdkit/soap/response.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/field.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace {

using namespace igdkit::sim;
namespace http = boost::beast::http;

constexpr std::string_view separator = "\n@@NEXT@@\n";
constexpr int max_requests = 8;
const clock::time_point boot{std::chrono::hours(24)};

bool documented_status(unsigned s) {
  switch (s) {
    case 200: case 400: case 404: case 405: case 412: case 413: case 431: case 500: case 501: case 503: return true;
    default: return false;
  }
}

void check(const igdkit::http_response& res, bool post, bool subscribe) {
  if (subscribe && res.result_int() == 200 && res.find("NT") == res.end()) {
    // A grant (renewal or new) names the subscription and its timeout; UNSUBSCRIBE has neither.
    FUZZ_CHECK((res.find("SID") == res.end()) == (res.find("TIMEOUT") == res.end()));
  }
  const unsigned status = res.result_int();
  FUZZ_CHECK(documented_status(status));
  const auto type = res.find(http::field::content_type);
  const bool xml = type != res.end() && type->value().starts_with("text/xml");
  if (status == 500 && xml) {
    // The fault is recognised before the action name is compared, so any name will do.
    auto parsed = igdkit::soap::parse_response(res.body(), "", {});
    FUZZ_CHECK(parsed.has_value() && parsed->fault.has_value());
    FUZZ_CHECK(parsed->fault->code >= 400 && parsed->fault->code <= 899);
  }
  if (status == 200 && post) {
    FUZZ_CHECK(xml);
    FUZZ_CHECK(res.body().find("Response") != std::string::npos);
    FUZZ_CHECK(res.body().find("UPnPError") == std::string::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The handler keeps a reference to the igd_handler, so the router is re-created in place.
  static std::optional<igd_handler> igd;
  igd.emplace(router_config{}, boot);
  static http_handler handler(make_igd_layout(layout_params{}), *igd);
  static std::optional<igdkit::gena::publisher> events;
  static int sids = 0;
  events.emplace(igdkit::gena::publisher_options{.max_subscriptions = 8, .max_per_source = 4},
                 [] { return "uuid:" + std::to_string(++sids); });
  handler.attach_events(*events);

  auto rest = igdkit::fuzz::as_text(data, size);
  request_context ctx;
  ctx.client = boost::asio::ip::make_address("192.168.1.23");
  ctx.now = boot + std::chrono::seconds(10);
  for (int i = 0; i < max_requests && !rest.empty(); ++i) {
    const auto cut = rest.find(separator);
    const auto bytes = rest.substr(0, cut);
    rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + separator.size());
    const auto res = handler.handle_bytes(bytes, ctx);
    check(res, bytes.starts_with("POST "), bytes.starts_with("SUBSCRIBE ") || bytes.starts_with("UNSUBSCRIBE "));
    FUZZ_CHECK(events->size() <= 8);
    for (int d = 0; d < 16; ++d) {
      auto step = events->next(ctx.now + std::chrono::seconds(2));
      auto* delivery = std::get_if<igdkit::gena::delivery>(&step);
      if (!delivery) break;
      FUZZ_CHECK(!delivery->callbacks.empty());
      events->delivered(delivery->sid, d % 2 == 0);
    }
    ctx.now += std::chrono::seconds(1);
  }
  return 0;
}
