#pragma once
// Device side: answers M-SEARCH and sends NOTIFY for one advertised device set. Every decision
// (who may ask, whether and when to answer, with which ST/USN) comes from the pure core
// (policy.hpp, device_set.hpp); this class only owns sockets and timers.
#include "igdkit/result.hpp"
#include "igdkit/ssdp/device_set.hpp"
#include "igdkit/ssdp/messages.hpp"
#include "igdkit/ssdp/policy.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/udp.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::ssdp {

// What a fault-injection hook decides for one admitted M-SEARCH.
struct answer_decision {
  bool drop = false;
  std::chrono::milliseconds extra_delay{0};  // added to the UDA random delay
  unsigned copies = 1;                       // >1 simulates a device that repeats its answers
};

using answer_hook =
    std::function<answer_decision(const search_request&, const boost::asio::ip::udp::endpoint& source)>;

// Sees every datagram from an allowed source before the responder judges it, parsable or not
// (simrouter --strict). It observes only: what the responder does next does not depend on it.
using datagram_observer = std::function<void(std::string_view datagram, const boost::asio::ip::udp::endpoint& source,
                                             bool is_multicast)>;

struct responder_options {
  device_set devices;
  boost::urls::url location;
  std::string server = "Linux/6.1 UPnP/1.1 igdkit-simrouter/0.1";
  std::uint32_t boot_id = 1;
  std::uint32_t config_id = 1;
  std::chrono::seconds max_age{1800};
  std::optional<std::uint16_t> search_port;  // advertised SEARCHPORT.UPNP.ORG
  // Unicast searches arrive here; port 0 = ephemeral (see local_endpoint()).
  boost::asio::ip::udp::endpoint listen{boost::asio::ip::make_address("127.0.0.1"), 0};
  // Set: also join 239.255.255.250:1900 on this IPv4 interface address and answer multicast.
  std::optional<boost::asio::ip::address_v4> multicast_interface;
  // Set: also join ff02::c and ff05::c (port 1900) on this interface index and answer
  // multicast there; `listen` is then an IPv6 address on that interface, answers and NOTIFY
  // leave from it (hop limit 2).
  std::optional<unsigned> multicast_interface_v6;
  // Empty: default_allowed_sources(listen address, or multicast_interface if listen is any),
  // plus link_local_sources(multicast_interface_v6) when that is set.
  std::vector<ip_prefix> allowed_sources;
  // Where NOTIFY goes: nothing, the SSDP group, or any endpoint (handy on loopback).
  std::optional<boost::asio::ip::udp::endpoint> notify_to;
  answer_hook hook;  // optional fault injection
  datagram_observer observer;  // optional
  // Firmware quirks (defaults: UDA). false: unicast searches (those not read off the group
  // socket) are ignored, as by devices that only listen on 239.255.255.250.
  bool answer_unicast = true;
  st_matching matching = st_matching::uda;
  std::size_t max_pending_answers = 64;  // bounds delayed-answer state (amplification guard)
  answer_budget_limits budget;           // per source: answers per second, delayed answers queued
};

struct responder_stats {
  std::size_t requests = 0, answered = 0, datagrams_sent = 0;
  std::size_t rejected_source = 0, rejected_request = 0, unparseable = 0, dropped_by_hook = 0;
  std::size_t ignored_unicast = 0;
  std::size_t over_budget = 0;  // searches left unanswered: the source spent its answer budget
};

class responder {
 public:
  responder(boost::asio::any_io_executor ex, responder_options options);
  ~responder();
  responder(const responder&) = delete;
  responder& operator=(const responder&) = delete;

  // Binds the sockets (so local_endpoint() is known), starts serving and the NOTIFY schedule.
  std::error_code start();
  boost::asio::ip::udp::endpoint local_endpoint() const;

  // New BOOTID (a simulated reboot): byebye with the old id, alive with the new one.
  std::uint32_t reboot();
  const responder_stats& stats() const noexcept;

  // Sends byebye (when NOTIFY is enabled), then closes everything.
  template <class CompletionToken>
  auto async_stop(CompletionToken&& token);

 private:
  struct impl;
  boost::asio::awaitable<result<bool>> stop();
  std::shared_ptr<impl> impl_;
  boost::asio::any_io_executor executor_;
};

}  // namespace igdkit::ssdp

#include "igdkit/async.hpp"

template <class CompletionToken>
auto igdkit::ssdp::responder::async_stop(CompletionToken&& token) {
  return async_run<bool>(executor_, [this] { return stop(); }, std::forward<CompletionToken>(token));
}
