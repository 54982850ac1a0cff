// Small-file I/O shared by the tree: crash-safe replacement (temp file + fsync + rename +
// directory fsync) and bounded reads where a missing file is not an error.
#include "igdkit/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace igdkit {

namespace fs = std::filesystem;

namespace {

std::error_code last_error() { return {errno, std::system_category()}; }

// Closes on scope exit; close errors on the read path do not matter.
class fd_guard {
 public:
  explicit fd_guard(int fd) noexcept : fd_(fd) {}
  ~fd_guard() {
    if (fd_ >= 0) ::close(fd_);
  }
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
  int get() const noexcept { return fd_; }
  // Closes now and reports the result: on the write path a failed close can mean lost data.
  std::error_code close() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0 ? std::error_code{} : last_error();
  }

 private:
  int fd_;
};

std::error_code write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return last_error();
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// A name no other writer (thread or process) is using: pid plus a per-process counter, and
// O_EXCL in case a stale file from a killed process with the same pid is still there.
int create_temp(const fs::path& dir, const std::string& name, fs::path& temp) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp = dir / ("." + name + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

std::error_code fsync_directory(const fs::path& dir) {
  fd_guard fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return last_error();
  if (::fsync(fd.get()) != 0) return last_error();
  return fd.close();
}

std::error_code write_temp(int raw_fd, std::string_view bytes, const struct stat* keep_mode) {
  fd_guard fd(raw_fd);
  if (keep_mode && ::fchmod(fd.get(), keep_mode->st_mode & 07777) != 0) return last_error();
  if (auto ec = write_all(fd.get(), bytes)) return ec;
  // The data must be on disk before the rename makes it the file; otherwise a crash could
  // leave the new name pointing at an empty or partial file.
  if (::fsync(fd.get()) != 0) return last_error();
  return fd.close();
}

}  // namespace

std::error_code write_file_atomically(const fs::path& target, std::string_view bytes) {
  const std::string name = target.filename().string();
  if (name.empty() || name == "." || name == "..") return std::make_error_code(std::errc::is_a_directory);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");

  struct stat existing {};
  const bool keep_mode = ::stat(target.c_str(), &existing) == 0;

  fs::path temp;
  const int fd = create_temp(dir, name, temp);
  if (fd < 0) return last_error();
  if (auto ec = write_temp(fd, bytes, keep_mode ? &existing : nullptr)) {
    ::unlink(temp.c_str());
    return ec;
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const auto ec = last_error();
    ::unlink(temp.c_str());
    return ec;
  }
  // The rename is only durable once the directory entry is.
  return fsync_directory(dir);
}

result<std::optional<std::string>> read_small_file(const fs::path& path, std::uintmax_t max_bytes) {
  fd_guard fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::optional<std::string>{};
    return last_error();
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return last_error();
  if (!S_ISREG(info.st_mode)) return std::make_error_code(std::errc::invalid_argument);
  if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) return std::make_error_code(std::errc::file_too_large);
  std::string text;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return last_error();
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) return std::make_error_code(std::errc::file_too_large);  // grew while read
  }
  return std::optional<std::string>{std::move(text)};
}

append_only_file::~append_only_file() {
  if (fd_ >= 0) ::close(fd_);
}

append_only_file::append_only_file(append_only_file&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

append_only_file& append_only_file::operator=(append_only_file&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

result<append_only_file> append_only_file::open(const fs::path& path) {
  const bool existed = ::access(path.c_str(), F_OK) == 0;
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return last_error();
  append_only_file file(fd);
  if (!existed) {
    // The new name must survive a crash too, or the first records vanish with it.
    const auto dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    fd_guard d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (d.get() < 0 || ::fsync(d.get()) != 0) return last_error();
  }
  return file;
}

std::error_code append_only_file::append_durably(std::string_view bytes) {
  if (fd_ < 0) return std::make_error_code(std::errc::bad_file_descriptor);
  if (auto ec = write_all(fd_, bytes)) return ec;
  return ::fdatasync(fd_) == 0 ? std::error_code{} : last_error();
}

std::error_code append_only_file::truncate(std::uintmax_t size) {
  if (fd_ < 0) return std::make_error_code(std::errc::bad_file_descriptor);
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) return last_error();
  return ::fsync(fd_) == 0 ? std::error_code{} : last_error();
}

}  // namespace igdkit
