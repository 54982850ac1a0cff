// Client side: SOAP response/fault body -> parse_response. Input: the expected action name on
// the first line, the body after it. Anything that parses must survive build_response_body ->
// parse_response unchanged (same arguments, same fault).
#include "fuzz_check.hpp"
#include "igdkit/soap/response.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace igdkit::soap;
  const auto [action, body] = igdkit::fuzz::split_first_line(igdkit::fuzz::as_text(data, size));
  const xml_limits limits;
  auto parsed = parse_response(body, action, limits);
  if (!parsed) return 0;
  FUZZ_CHECK(parsed->action == action);
  if (parsed->fault) {
    FUZZ_CHECK(parsed->arguments.empty());
    FUZZ_CHECK(parsed->fault->code >= 0);
  } else {
    FUZZ_CHECK(parsed->arguments.size() <= limits.max_arguments);
  }
  if (action.empty() || action.find_first_of(" \t\r<>&\"':") != std::string_view::npos) return 0;

  const auto rebuilt = build_response_body(*parsed);
  auto again = parse_response(rebuilt, action, limits);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(again->arguments == parsed->arguments);
  FUZZ_CHECK(again->fault.has_value() == parsed->fault.has_value());
  if (parsed->fault) {
    FUZZ_CHECK(again->fault->code == parsed->fault->code);
    FUZZ_CHECK(again->fault->description == parsed->fault->description);
  }
  return 0;
}
