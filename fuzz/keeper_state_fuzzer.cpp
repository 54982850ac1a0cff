// Any text -> the keeper's state-file parser (a file on disk can hold anything after a crash or
// an edit). Whatever parses must survive a rebuild: render(parse(x)) parses back equal.
#include "fuzz_check.hpp"
#include "igdkit/igd/keeper/state_store.hpp"

#include <cstddef>
#include <cstdint>

using namespace igdkit::igd::keeper;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string why;
  auto state = parse_state(igdkit::fuzz::as_text(data, size), &why);
  if (!state) {
    FUZZ_CHECK(!why.empty());  // every refusal names what is wrong
    return 0;
  }
  auto again = parse_state(render_state(*state));
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(again->gateway_udn == state->gateway_udn);
  FUZZ_CHECK(again->ports == state->ports);
  return 0;
}
