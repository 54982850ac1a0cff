#pragma once
// Idle HTTP/1.1 keep-alive connections to IGDs, reused by the next request to the same address
// and port made on the same executor. A reply that does not keep the connection alive
// (Connection: close, HTTP/1.0 without keep-alive: miniupnpd always) is never pooled. A pooled
// connection the peer has since closed is noticed before reuse (a non-blocking peek), so a
// request is sent at most once and never retried behind the caller's back.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

namespace igdkit::soap {

class connection_pool {
 public:
  struct settings {
    std::size_t max_idle = 4;                         // per pool; the oldest goes first
    std::chrono::milliseconds idle_timeout{15000};    // older idle connections are not reused
  };
  struct key {
    boost::asio::ip::tcp::endpoint peer;
    std::optional<boost::asio::ip::address> local;  // http_options::local_address
    friend bool operator==(const key&, const key&) = default;
  };

  connection_pool() = default;
  explicit connection_pool(settings s) : settings_(s) {}
  connection_pool(const connection_pool&) = delete;
  connection_pool& operator=(const connection_pool&) = delete;
  ~connection_pool() { clear(); }

  // An idle, still open connection for `k` made on `ex`, or nothing.
  std::optional<boost::asio::ip::tcp::socket> take(const key& k, const boost::asio::any_io_executor& ex);
  void put(key k, boost::asio::ip::tcp::socket socket);
  // Closes every idle connection (before the io_contexts they were made on go away).
  void clear();
  std::size_t idle() const;

 private:
  struct entry {
    key k;
    boost::asio::ip::tcp::socket socket;
    std::chrono::steady_clock::time_point since;
  };
  settings settings_;
  mutable std::mutex mutex_;
  std::vector<entry> idle_;
};

}  // namespace igdkit::soap
