// Any datagram -> parse_binding_response (expecting the transaction ID the datagram itself
// carries, so the fuzzer gets past that check) and parse_binding_request. Whatever parses must
// survive a rebuild: the server-side builders' output parses back to the same address, error
// code and reason, and a request rebuilt from the parsed ID parses to that ID.
#include "fuzz_check.hpp"
#include "igdkit/stun/message.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

using namespace igdkit::stun;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> in(data, size);
  transaction_id id{};
  if (size >= header_size) std::copy_n(data + 8, id.size(), id.begin());

  auto response = parse_binding_response(in, id);
  if (response) {
    if (const auto* s = std::get_if<binding_success>(&*response)) {
      const auto wire = build_binding_success(id, s->mapped);
      auto again = parse_binding_response(wire, id);
      FUZZ_CHECK(again.has_value());
      const auto* s2 = std::get_if<binding_success>(&*again);
      FUZZ_CHECK(s2 != nullptr);
      FUZZ_CHECK(s2->mapped == s->mapped);
      FUZZ_CHECK(s2->fingerprint);
    } else {
      const auto& e = std::get<binding_error>(*response);
      FUZZ_CHECK(e.code >= 300 && e.code <= 699);
      const auto wire = build_binding_error(id, e.code, e.reason, e.unknown_attributes);
      auto again = parse_binding_response(wire, id);
      FUZZ_CHECK(again.has_value());
      const auto* e2 = std::get_if<binding_error>(&*again);
      FUZZ_CHECK(e2 != nullptr);
      FUZZ_CHECK(e2->code == e.code);
      if (e.reason.size() <= 763) FUZZ_CHECK(e2->reason == e.reason);
    }
  } else {
    FUZZ_CHECK(response.error().category() == category());
  }

  auto request = parse_binding_request(in);
  if (request) {
    auto again = parse_binding_request(build_binding_request(request->id));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->id == request->id);
    FUZZ_CHECK(again->unknown_required.empty());
  } else {
    FUZZ_CHECK(request.error().category() == category());
  }
  return 0;
}
