// NewPortListing fragment -> parse_port_listing. A parsed list must build, and the built
// fragment must parse back to the same entries.
#include "fuzz_check.hpp"
#include "igdkit/igd/actions/port_listing.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace igdkit::igd;
  argument_diagnostic diag;
  auto entries = parse_port_listing(igdkit::fuzz::as_text(data, size), &diag);
  if (!entries) return 0;
  FUZZ_CHECK(entries->size() <= max_port_listing_entries);
  auto built = build_port_listing(*entries, &diag);
  if (!built) return 0;  // a value the wire cannot carry (reported via diag)
  auto again = parse_port_listing(*built, &diag);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(*again == *entries);
  return 0;
}
