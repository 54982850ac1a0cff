// Any text -> the probe-server's request parser (what an Internet client sends it) and the
// client's parsers of its answers (what a prober sends back). Whatever parses must survive a
// rebuild: render(parse(x)) parses back to the same values.
#include "fuzz_check.hpp"
#include "igdkit/igd/reach/probe_protocol.hpp"

#include <cstddef>
#include <cstdint>

using namespace igdkit::igd::reach;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = igdkit::fuzz::as_text(data, size);

  std::string detail;
  if (auto request = parse_probe_request(text, &detail)) {
    auto again = parse_probe_request(render_probe_request(*request));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->proto == request->proto);
    FUZZ_CHECK(again->port == request->port);
    FUZZ_CHECK(again->timeout == request->timeout);
    FUZZ_CHECK(again->expect == request->expect);
  } else {
    FUZZ_CHECK(!detail.empty());  // every refusal says why
  }

  if (auto report = parse_probe_report(text)) {
    auto again = parse_probe_report(render_probe_report(*report));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->observed_address == report->observed_address);
    FUZZ_CHECK(again->port == report->port);
    FUZZ_CHECK(again->reachable == report->reachable);
    FUZZ_CHECK(again->reason == report->reason);
  }

  if (auto who = parse_whoami(text)) {
    auto again = parse_whoami(render_whoami(*who));
    FUZZ_CHECK(again.has_value() && *again == *who);
  }
  return 0;
}
