#pragma once
// Runs an io_context one handler at a time until a condition holds, bounded in real time. The
// test's callbacks cancel `signal` to wake the loop at once, so nothing waits on a sleep.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>

namespace igdkit::test {

template <class Pred>
bool run_until(boost::asio::io_context& io, boost::asio::steady_timer& signal, Pred done,
               std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    signal.expires_at(deadline);
    signal.async_wait([](boost::system::error_code) {});
    io.run_one();
  }
  return true;
}

}  // namespace igdkit::test
