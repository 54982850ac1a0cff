#pragma once
// Small-file I/O shared by the tree (simrouter's state and ready files and journal, the keeper's
// state file).
#include "igdkit/result.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace igdkit {

// Writes `bytes` to a new file next to `target`, fsyncs it, renames it over `target` and fsyncs
// the directory: whenever the process dies, `target` holds either the old or the new complete
// content. If writing the temporary file or the rename fails, the temporary file is removed and
// `target` is untouched; if only the final directory fsync fails, the new content is in place
// but maybe not yet durable (still reported). A process killed mid-write can leave a stale
// ".<name>.tmp.<pid>.<n>" next to the target; it is never read. A new file gets mode
// 0666 & ~umask; an existing target's mode is kept.
std::error_code write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

// The whole file; nullopt when it does not exist. std::errc::file_too_large above `max_bytes`,
// std::errc::invalid_argument for anything but a regular file, errno codes otherwise.
result<std::optional<std::string>> read_small_file(const std::filesystem::path& path, std::uintmax_t max_bytes);

// A file only ever appended to, each append durable before it returns (a write-ahead journal).
class append_only_file {
 public:
  append_only_file() = default;
  ~append_only_file();
  append_only_file(append_only_file&& other) noexcept;
  append_only_file& operator=(append_only_file&& other) noexcept;

  // Opens (creating, mode 0666 & ~umask) for appending; a new file's directory entry is fsynced.
  static result<append_only_file> open(const std::filesystem::path& path);
  bool is_open() const noexcept { return fd_ >= 0; }
  // Writes all of `bytes` at the end and fdatasyncs.
  std::error_code append_durably(std::string_view bytes);
  // Cuts the file to `size` bytes (0: empty) and fsyncs: a torn tail, or a journal folded
  // into its snapshot.
  std::error_code truncate(std::uintmax_t size = 0);

 private:
  explicit append_only_file(int fd) noexcept : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace igdkit
