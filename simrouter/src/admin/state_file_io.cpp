// The state file on disk: written crash-safely (igdkit/file_io.hpp), loaded with "missing =
// fresh start".
#include "igdkit/sim/state_file.hpp"

#include "igdkit/file_io.hpp"

#include <string>

namespace igdkit::sim {

namespace fs = std::filesystem;

std::error_code save_state_file(const fs::path& path, const persisted_state& state, const state_clocks& now) {
  return write_file_atomically(path, serialize_state(state, now));
}

result<std::optional<persisted_state>> load_state_file(const fs::path& path, const state_clocks& now,
                                                       std::string* message) {
  auto fail = [&](std::error_code ec, const std::string& reason) -> result<std::optional<persisted_state>> {
    if (message) *message = path.string() + ": " + reason;
    return ec;
  };
  auto text = read_small_file(path, max_state_file_bytes);
  if (!text) {
    if (text.error() == std::errc::file_too_large)
      return fail(make_error_code(state_file_errc::too_large),
                  "a state file is at most " + std::to_string(max_state_file_bytes) + " bytes");
    if (text.error() == std::errc::invalid_argument) return fail(text.error(), "not a regular file");
    return fail(text.error(), text.error().message());
  }
  if (!*text) return std::optional<persisted_state>{};
  std::string why;
  auto state = parse_state(**text, now, &why);
  if (!state) return fail(state.error(), why);
  return std::optional{std::move(*state)};
}

}  // namespace igdkit::sim
