#pragma once
// Small helpers for lab tests that talk to the simrouter binary or to the admin API from
// outside: run the binary as a child process (stdout/stderr go to files, so a chatty child never
// blocks on a full pipe), wait for its ready line, and make one-shot HTTP requests with a
// deadline. Loopback only.
#include "support/test_paths.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <array>
#include <map>
#include <algorithm>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace igdkit::sim::test {

namespace proc_asio = boost::asio;
namespace proc_http = boost::beast::http;

inline std::string simrouter_binary() { return (igdkit::test::binary_dir() / "simrouter/app/simrouter").string(); }

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class temp_dir {
 public:
  temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "igdkit-lab-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

inline void write_text(const std::filesystem::path& p, std::string_view text) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << text;
}

// A child process running `args` (args[0] is the executable path), stdout and stderr captured
// in files under `dir`. Killed with SIGKILL and reaped on destruction if still running; the
// child also dies with the test process (PR_SET_PDEATHSIG).
class child_process {
 public:
  child_process(const std::vector<std::string>& args, const std::filesystem::path& dir, const std::string& tag)
      : out_path_(dir / (tag + ".out")), err_path_(dir / (tag + ".err")) {
    // Everything the child needs is prepared before fork: after fork only async-signal-safe calls.
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0 || err < 0) throw std::runtime_error("cannot create the child's output files in " + dir.string());
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(126);
      ::dup2(out, STDOUT_FILENO);
      ::dup2(err, STDERR_FILENO);
      ::close_range(3, ~0u, 0);  // no inherited sockets of the test process
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out);
    ::close(err);
  }
  ~child_process() {
    if (!exited_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  pid_t pid() const { return pid_; }
  std::string out() const { return read_text(out_path_); }
  std::string err() const { return read_text(err_path_); }

  // The first complete stdout line containing `needle`, waiting up to `timeout`; nullopt if
  // it does not come in time or the process exits first.
  std::optional<std::string> wait_for_line(std::string_view needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto text = out();
      std::size_t start = 0;
      for (auto nl = text.find('\n'); nl != std::string::npos; start = nl + 1, nl = text.find('\n', start)) {
        std::string line = text.substr(start, nl - start);
        if (line.find(needle) != std::string::npos) return line;
      }
      if (exited_ || std::chrono::steady_clock::now() > deadline) return std::nullopt;
      if (poll_exit()) continue;  // one more look at the final output
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  // Waits for the process to end; its raw wait status, or nullopt at the timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!exited_) {
      if (poll_exit()) break;
      if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return status_;
  }

  void signal(int sig) {
    if (!exited_) ::kill(pid_, sig);
  }

 private:
  bool poll_exit() {
    if (exited_) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      status_ = status;
    }
    return exited_;
  }

  std::filesystem::path out_path_, err_path_;
  pid_t pid_ = -1;
  bool exited_ = false;
  int status_ = 0;
};

struct process_outcome {
  int exit_code = -1;  // -1: killed by a signal or did not end in time
  std::string out, err;
};

// Runs the simrouter binary with `args` to completion (it is expected to exit on its own).
inline process_outcome run_simrouter(const std::vector<std::string>& args, const std::filesystem::path& dir,
                                     const std::string& tag,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  std::vector<std::string> argv{simrouter_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  child_process p(argv, dir, tag);
  process_outcome o;
  const auto status = p.wait_exit(timeout);
  if (status && WIFEXITED(*status)) o.exit_code = WEXITSTATUS(*status);
  o.out = p.out();
  o.err = p.err();
  return o;
}

// "simrouter ready location=... ssdp=... mode=nat" -> {location: ..., ssdp: ..., mode: nat}.
inline std::map<std::string, std::string> line_fields(std::string_view line) {
  std::map<std::string, std::string> out;
  std::istringstream s{std::string(line)};
  std::string word;
  while (s >> word) {
    const auto eq = word.find('=');
    if (eq != std::string::npos) out[word.substr(0, eq)] = word.substr(eq + 1);
  }
  return out;
}

inline boost::urls::url parse_url(std::string_view text) {
  auto u = boost::urls::parse_uri(text);
  if (!u) throw std::runtime_error("not a URL: " + std::string(text));
  return boost::urls::url(*u);
}

// ---- one-shot HTTP (admin API) -------------------------------------------------------------

struct http_reply {
  boost::system::error_code ec;  // transport failure (connect, write, read, deadline)
  unsigned status = 0;
  std::string content_type;
  std::string allow;
  std::string body;
  boost::json::value json() const { return boost::json::parse(body); }
};

inline http_reply http_exchange(const proc_asio::ip::tcp::endpoint& to, proc_http::verb method, std::string_view target,
                                std::string body = {},
                                std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  proc_asio::io_context io;
  boost::beast::tcp_stream stream(io);
  proc_http::request<proc_http::string_body> req{method, std::string(target), 11};
  req.set(proc_http::field::host, to.address().to_string() + ":" + std::to_string(to.port()));
  if (!body.empty()) req.set(proc_http::field::content_type, "application/json");
  req.body() = std::move(body);
  req.prepare_payload();
  boost::beast::flat_buffer buffer;
  proc_http::response<proc_http::string_body> res;
  http_reply out;
  stream.expires_after(timeout);
  stream.async_connect(to, [&](boost::system::error_code ec) {
    if (ec) {
      out.ec = ec;
      return;
    }
    proc_http::async_write(stream, req, [&](boost::system::error_code wec, std::size_t) {
      if (wec) {
        out.ec = wec;
        return;
      }
      proc_http::async_read(stream, buffer, res, [&](boost::system::error_code rec, std::size_t) { out.ec = rec; });
    });
  });
  io.run();
  if (out.ec) return out;
  out.status = res.result_int();
  out.content_type = std::string(res[proc_http::field::content_type]);
  out.allow = std::string(res[proc_http::field::allow]);
  out.body = std::move(res.body());
  return out;
}

inline proc_asio::ip::tcp::endpoint endpoint_of(const boost::urls::url_view& u) {
  return {proc_asio::ip::make_address(std::string(u.host_address())), u.port_number()};
}

// A request to the admin API at base URL `admin` ("http://127.0.0.1:port/").
inline http_reply admin_call(const boost::urls::url_view& admin, proc_http::verb method, std::string_view target,
                             std::string body = {}) {
  return http_exchange(endpoint_of(admin), method, target, std::move(body));
}

// ---- one unicast M-SEARCH ------------------------------------------------------------------

inline long long ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
}

struct datagram {
  std::string text;
  long long at_ms = 0;  // after the M-SEARCH was sent
};

// Sends one unicast M-SEARCH for `st` (upnp:rootdevice: a well-behaved router answers exactly
// once) to `router` and collects the datagrams that arrive within `window`. With `enough`, it
// stops listening `linger` after that many have arrived (so surplus copies still show up).
inline std::vector<datagram> search_collect(const proc_asio::ip::udp::endpoint& router, std::chrono::milliseconds window,
                                            std::optional<std::size_t> enough, std::chrono::milliseconds linger,
                                            std::string_view st) {
  proc_asio::io_context io;
  proc_asio::ip::udp::socket s(io, proc_asio::ip::udp::endpoint(proc_asio::ip::make_address("127.0.0.1"), 0));
  s.non_blocking(true);
  const std::string msearch = "M-SEARCH * HTTP/1.1\r\nHOST: " + router.address().to_string() + ":" +
                              std::to_string(router.port()) + "\r\nMAN: \"ssdp:discover\"\r\nST: " + std::string(st) +
                              "\r\nUSER-AGENT: igdkit-test/1 UPnP/1.1 igdkit/0.1\r\n\r\n";
  const auto t0 = std::chrono::steady_clock::now();
  s.send_to(proc_asio::buffer(msearch), router);
  std::vector<datagram> got;
  auto deadline = t0 + window;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd p{s.native_handle(), POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    std::array<char, 8192> buf{};
    proc_asio::ip::udp::endpoint from;
    boost::system::error_code ec;
    const auto n = s.receive_from(proc_asio::buffer(buf), from, 0, ec);
    if (ec) continue;
    got.push_back({std::string(buf.data(), n), ms_since(t0)});
    if (enough && got.size() == *enough) deadline = std::min(deadline, std::chrono::steady_clock::now() + linger);
  }
  return got;
}

// Every answer within `window`: for checks that nothing arrives (an absence needs a window).
inline std::vector<datagram> search_once(const proc_asio::ip::udp::endpoint& router, std::chrono::milliseconds window,
                                         std::string_view st = "upnp:rootdevice") {
  return search_collect(router, window, std::nullopt, std::chrono::milliseconds(0), st);
}

// Waits for `count` answers, with `limit` only as a hang guard (keep it generous: a loaded
// machine answers late, and a generous limit costs nothing once the answers are in), then
// listens `linger` longer so that copies beyond `count` are collected too.
inline std::vector<datagram> search_for(const proc_asio::ip::udp::endpoint& router, std::size_t count,
                                        std::chrono::milliseconds limit, std::chrono::milliseconds linger,
                                        std::string_view st = "upnp:rootdevice") {
  return search_collect(router, limit, count, linger, st);
}

// "127.0.0.1:1900" -> the UDP endpoint.
inline proc_asio::ip::udp::endpoint udp_endpoint_of(std::string_view host_port) {
  const auto colon = host_port.rfind(':');
  return {proc_asio::ip::make_address(std::string(host_port.substr(0, colon))),
          static_cast<std::uint16_t>(std::stoul(std::string(host_port.substr(colon + 1))))};
}

}  // namespace igdkit::sim::test
