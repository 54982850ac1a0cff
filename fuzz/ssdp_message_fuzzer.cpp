// Any datagram -> parse_message. When it parses and builds, the built datagram must parse to a
// message of the same kind that builds to the very same bytes (build is a fixed point).
#include "fuzz_check.hpp"
#include "igdkit/ssdp/build.hpp"
#include "igdkit/ssdp/parse.hpp"

#include <cstddef>
#include <cstdint>
#include <variant>

namespace {

using namespace igdkit::ssdp;

template <class T>
void check_round_trip(const T& first) {
  auto wire = build(first);
  if (!wire) return;  // e.g. a value build refuses to put on the wire
  FUZZ_CHECK(wire->size() <= max_datagram_size);
  auto again = parse_message(*wire);
  FUZZ_CHECK(again.has_value());
  const auto* second = std::get_if<T>(&*again);
  FUZZ_CHECK(second != nullptr);
  auto rewire = build(*second);
  FUZZ_CHECK(rewire.has_value());
  FUZZ_CHECK(*rewire == *wire);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = igdkit::fuzz::as_text(data, size);
  auto parsed = parse_message(text);
  if (!parsed) return 0;
  std::visit([](const auto& m) { check_round_trip(m); }, *parsed);
  return 0;
}
