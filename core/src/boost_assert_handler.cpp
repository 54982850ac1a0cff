// BOOST_ASSERT in igdkit's own debug builds (BOOST_ENABLE_ASSERT_DEBUG_HANDLER, set for every
// igdkit target by the top-level CMakeLists; release builds compile the asserts out as usual).
//
// Why: a debug build must not abort because a LAN device sent odd bytes. Boost 1.81 has an assert
// that hostile input reaches although the code after it handles the case correctly; it is listed
// below and passed over, which is what a release build does anyway. Every other assertion prints
// where it failed and aborts, exactly like assert().
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

struct benign_assert {
  std::string_view file_suffix;
  std::string_view expression;
};

// Beast's chunked parser re-enters the last-chunk state with the bytes it saw last time plus at
// least one more, but asserts five (a trailer that arrives a byte at a time gives four). Found by
// http_response_fuzzer with one-byte reads; the branch after the assert only scans [p, pend).
constexpr benign_assert known_benign[] = {
    {"boost/beast/http/impl/basic_parser.ipp", "n >= 5"},
};

bool is_known_benign(std::string_view expr, std::string_view file) {
  for (const auto& b : known_benign)
    if (file.ends_with(b.file_suffix) && expr == b.expression) return true;
  return false;
}

}  // namespace

namespace boost {

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line) {
  if (is_known_benign(expr, file)) return;
  std::fprintf(stderr, "%s:%ld: %s: Boost assertion `%s' failed%s%s\n", file, line, function, expr,
               msg ? ": " : "", msg ? msg : "");
  std::abort();
}

void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  assertion_failed_msg(expr, nullptr, function, file, line);
}

}  // namespace boost
