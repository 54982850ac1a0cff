// Server side: SOAPACTION header + envelope -> parse_request. Input: the header value on the
// first line, the body after it. A parsed request must survive build_request_body ->
// parse_request unchanged.
#include "fuzz_check.hpp"
#include "igdkit/soap/request.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace igdkit::soap;
  const auto [header, body] = igdkit::fuzz::split_first_line(igdkit::fuzz::as_text(data, size));
  (void)parse_soap_action(header);
  const xml_limits limits;
  auto parsed = parse_request(header, body, limits);
  if (!parsed) return 0;
  FUZZ_CHECK(!parsed->action.empty());
  FUZZ_CHECK(parsed->arguments.size() <= limits.max_arguments);

  const auto rebuilt = build_request_body(*parsed);
  auto again = parse_request(soap_action_header(parsed->service_type, parsed->action), rebuilt, limits);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(again->service_type == parsed->service_type);
  FUZZ_CHECK(again->action == parsed->action);
  FUZZ_CHECK(again->arguments == parsed->arguments);
  return 0;
}
