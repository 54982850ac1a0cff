#pragma once
// Where tests find the source tree's fixtures and the build tree's binaries. CTest hands both over
// in the environment (igdkit_add_test), not as compile definitions: an absolute path compiled into
// every test would make each fresh clone's build miss the ccache.
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace igdkit::test {

inline std::filesystem::path required_directory(const char* variable) {
  const char* value = std::getenv(variable);
  if (!value || !*value)
    throw std::runtime_error(std::string(variable) + " is not set: run the test through ctest, or set it by hand");
  return std::filesystem::absolute(value);
}

// <source>/fixtures
inline const std::filesystem::path& fixtures_dir() {
  static const auto dir = required_directory("IGDKIT_FIXTURES_DIR");
  return dir;
}

// The build tree's top (build/<preset>): simrouter at simrouter/app/simrouter.
inline const std::filesystem::path& binary_dir() {
  static const auto dir = required_directory("IGDKIT_BINARY_DIR");
  return dir;
}

}  // namespace igdkit::test
