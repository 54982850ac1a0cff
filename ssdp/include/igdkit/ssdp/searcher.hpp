#pragma once
// Control-point side: M-SEARCH over multicast or unicast, streaming each new device as its
// answer arrives. All parsing and dedup keys come from the pure core; this file only does I/O.
#include "igdkit/async.hpp"
#include "igdkit/ssdp/messages.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace igdkit::ssdp {

// IGD:2 and :1, WANIPConnection:2 and :1, WANPPPConnection:1.
std::vector<search_target> default_igd_targets();

struct search_options {
  std::vector<search_target> targets = default_igd_targets();
  // Set: send only to this endpoint (no multicast at all). Unset: multicast to the SSDP group.
  std::optional<boost::asio::ip::udp::endpoint> unicast;
  // Multicast: the local interface address to send from (IPv4 -> 239.255.255.250; IPv6 ->
  // ff02::c for link-local, which needs its zone, fe80::2%eth0; else ff05::c, sent on the
  // interface holding the address). Unicast: the optional local bind address.
  std::optional<boost::asio::ip::address> interface_address;
  // Multicast from a non-loopback (or unspecified) IPv4 interface: also ask each default gateway
  // (gateway.hpp) directly on port 1900. A unicast M-SEARCH has no MX, so the router answers at
  // once rather than after a random wait of up to `mx`, and it still answers where the network
  // filters multicast. Answers are deduplicated with the multicast ones.
  bool unicast_to_gateways = true;
  std::chrono::milliseconds timeout{3000};  // whole search, from the first send
  // Devices answer each M-SEARCH after a random wait of up to MX seconds; the first of the
  // answers to our 3 x 5 datagrams comes after about MX/16. 1 is UDA's minimum.
  std::chrono::seconds mx{1};
  unsigned sends = 3;                       // each M-SEARCH is repeated: UDP is lossy
  std::chrono::milliseconds send_interval{150};
  int multicast_ttl = 2;
  std::string user_agent = "igdkit/0.1 UPnP/1.1 igdkit/0.1";
};

struct search_result {
  search_response response;
  boost::asio::ip::udp::endpoint source;
  std::chrono::milliseconds response_time{0};  // since the first send
};

class searcher {
 public:
  searcher(boost::asio::any_io_executor ex, search_options options);

  // Next new device (deduplicated by USN + LOCATION). Fails with no_response when the
  // deadline passes and nothing was found, search_finished when it passes after some answers.
  // One call at a time; the searcher must outlive the operation.
  template <class CompletionToken>
  auto async_next(CompletionToken&& token) {
    return async_run<search_result>(executor_, [this] { return next(); }, std::forward<CompletionToken>(token));
  }

  void cancel();                                          // aborts a pending async_next
  std::size_t dropped() const noexcept { return dropped_; }  // answers that failed to parse
  std::size_t found() const noexcept { return seen_.size(); }

 private:
  boost::asio::awaitable<result<search_result>> next();
  std::error_code open();
  std::error_code send_all();

  boost::asio::any_io_executor executor_;
  search_options options_;
  boost::asio::ip::udp::socket socket_;
  boost::asio::steady_timer timer_;
  boost::asio::ip::udp::endpoint destination_;
  std::vector<std::string> datagrams_;
  std::vector<std::pair<boost::asio::ip::udp::endpoint, std::string>> gateway_datagrams_;
  std::set<std::pair<std::string, std::string>> seen_;
  std::chrono::steady_clock::time_point start_{}, next_send_{}, deadline_{};
  unsigned sends_done_ = 0;
  std::size_t dropped_ = 0;
  bool started_ = false;
  bool cancelled_ = false;
  std::error_code open_error_;
};

namespace detail {
boost::asio::awaitable<result<search_result>> find_first(boost::asio::any_io_executor ex, search_options o);
boost::asio::awaitable<result<std::vector<search_result>>> search_all(boost::asio::any_io_executor ex,
                                                                     search_options o);
}  // namespace detail

// The first answer, as soon as it arrives (does not wait out MX or the deadline).
template <class CompletionToken>
auto async_find_first(boost::asio::any_io_executor ex, search_options options, CompletionToken&& token) {
  return async_run<search_result>(
      ex, [ex, options = std::move(options)]() mutable { return detail::find_first(ex, std::move(options)); },
      std::forward<CompletionToken>(token));
}

// Every distinct device that answers before the deadline, in arrival order; no_response if none.
template <class CompletionToken>
auto async_search(boost::asio::any_io_executor ex, search_options options, CompletionToken&& token) {
  return async_run<std::vector<search_result>>(
      ex, [ex, options = std::move(options)]() mutable { return detail::search_all(ex, std::move(options)); },
      std::forward<CompletionToken>(token));
}

}  // namespace igdkit::ssdp
