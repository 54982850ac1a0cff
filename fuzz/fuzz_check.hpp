#pragma once
// Invariant checks for fuzz targets. assert() is compiled out under RelWithDebInfo (NDEBUG),
// so a violated invariant prints what broke and aborts, which libFuzzer records as a crash.
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

namespace igdkit::fuzz {

[[noreturn]] inline void invariant_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", what, file, line);
  std::abort();
}

inline std::string_view as_text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits "first line\nrest" (used by targets whose input is a header value plus a body).
inline std::pair<std::string_view, std::string_view> split_first_line(std::string_view in) {
  const auto nl = in.find('\n');
  if (nl == std::string_view::npos) return {in, {}};
  return {in.substr(0, nl), in.substr(nl + 1)};
}

}  // namespace igdkit::fuzz

#define FUZZ_CHECK(cond) \
  do { \
    if (!(cond)) ::igdkit::fuzz::invariant_failed(#cond, __FILE__, __LINE__); \
  } while (false)
