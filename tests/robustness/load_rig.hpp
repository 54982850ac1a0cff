#pragma once
// Helpers for the load test: a sim::router on its own io_context thread, the process's VmRSS and
// fd limit, and "held" client connections that send a request head and never finish it.
#include "igdkit/sim/router.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/test/unit_test.hpp>  // after the test's BOOST_TEST_MODULE

#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace igdkit::robustness {

namespace asio = boost::asio;

// The router lives on its own thread (it is not thread-safe); everything else reaches it through
// on_router(), which runs a function there and waits for its result.
class router_thread {
 public:
  explicit router_thread(sim::router_options o) : guard_(io_.get_executor()) {
    router_ = std::make_unique<sim::router>(io_.get_executor(), std::move(o));
    start_error_ = router_->start();
    location_ = router_->description_url();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~router_thread() {
    asio::post(io_, [this] {
      router_->stop();
      guard_.reset();
    });
    thread_.join();
  }
  router_thread(const router_thread&) = delete;
  router_thread& operator=(const router_thread&) = delete;

  std::error_code start_error() const { return start_error_; }
  boost::urls::url url(std::string_view path) const {
    boost::urls::url u = location_;
    u.set_path(path);
    return u;
  }
  template <class F>
  auto on_router(F f) const {
    std::packaged_task<decltype(f(std::declval<sim::router&>()))()> task([&] { return f(*router_); });
    auto done = task.get_future();
    asio::post(io_, [&] { task(); });
    return done.get();
  }

  asio::ip::tcp::endpoint http() const { return on_router([](sim::router& r) { return r.http_endpoint(); }); }
  http_server_stats stats() const { return on_router([](sim::router& r) { return r.http_stats(); }); }

 private:
  mutable asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::unique_ptr<sim::router> router_;
  std::error_code start_error_;
  boost::urls::url location_;
  std::thread thread_;
};

// Polls pred() (state owned by another thread, read through atomics or on_router) until it holds
// or the timeout passes; returns pred(). The poll interval is no synchronisation: pred is.
template <class Pred>
bool poll_until(Pred pred, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

// Runs the client side `io` until pred() holds or the timeout passes; returns pred().
template <class Pred>
bool run_until(asio::io_context& io, Pred pred, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  io.restart();
  while (!pred() && std::chrono::steady_clock::now() < until) {
    // Out of client work: what is awaited happens on another thread, so poll it.
    if (io.run_one_for(std::chrono::milliseconds(20)) == 0 && io.stopped())
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

// Resident set of this whole process (router and clients) in KiB, from /proc/self/status.
inline long vm_rss_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// Raises the soft fd limit to the hard one; returns the soft limit now in force.
inline rlim_t raise_fd_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
  }
  return lim.rlim_cur;
}

// Global fixture: raises the soft fd limit and stops the module if it stays under `Need` (the
// hard limit forbids it); both ends of every connection live in the test process.
template <rlim_t Need>
struct fd_limit_at_least {
  fd_limit_at_least() {
    const auto limit = raise_fd_limit();
    BOOST_TEST_REQUIRE(limit >= Need, "need >= " << Need << " file descriptors, hard limit allows " << limit);
  }
};

}  // namespace igdkit::robustness
