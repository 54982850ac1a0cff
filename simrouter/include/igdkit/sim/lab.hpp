#pragma once
// igdkit::sim::lab — a simulated home network on loopback: the home router (an IGD), the
// topology around it (nat, cgnat, double-nat, no-nat), a real data path (every mapping that is
// reachable from the simulated Internet gets a loopback "public" TCP/UDP endpoint forwarding to
// the LAN service), Internet-side probes, quirk profiles, fault injection, the admin API and
// the state file. Runs on the executor it is given; like sim::router it has no internal
// locking, so call it on that executor's thread (or before it runs).
#include "igdkit/async.hpp"
#include "igdkit/sim/lab_options.hpp"
#include "igdkit/sim/lab_types.hpp"
#include "igdkit/sim/router.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/url/url.hpp>

#include <memory>
#include <optional>
#include <system_error>
#include <vector>

namespace igdkit::sim {

class lab {
 public:
  lab(boost::asio::any_io_executor ex, lab_options options);
  ~lab();
  lab(const lab&) = delete;
  lab& operator=(const lab&) = delete;

  // Applies the profiles, loads the state file, starts the router(s) and the admin API.
  // `detail` (optional) receives a human-readable reason on failure (e.g. a profile conflict).
  std::error_code start(std::string* detail = nullptr);
  void stop();

  // The home router, as an IGD client sees it.
  boost::urls::url description_url() const;
  boost::asio::ip::udp::endpoint ssdp_endpoint() const;
  router& home() noexcept;
  // The upstream router's IGD (double-nat with topology.upstream_upnp), else null.
  router* upstream() noexcept;
  boost::urls::url admin_url() const;  // empty when the admin API is off
  // The lab's STUN server (127.0.0.1:PORT): a Binding Request gets back the address the
  // Internet sees (topology.public_ip, following set_wan_ip) and the request's source port.
  // Unspecified (0.0.0.0:0) when lab_options::stun is off or the lab is not running.
  boost::asio::ip::udp::endpoint stun_endpoint() const;

  const lab_options& options() const noexcept;
  lab_snapshot snapshot();
  std::vector<public_endpoint> public_endpoints();
  // The loopback socket standing for a virtual public address:port, if it is reachable; opened
  // on demand when the mapping is beyond the eager budget (lab_options::eager_endpoints).
  std::optional<public_endpoint> find_public_endpoint(protocol proto, const boost::asio::ip::address_v4& ip,
                                                      std::uint16_t port);

  // Internet-side probe through the topology and the real data path.
  // Completion: void(std::error_code, probe_result); the lab must outlive it.
  template <class CompletionToken>
  auto async_probe(probe_request request, CompletionToken&& token) {
    return async_run<probe_result>(executor_, [this, request = std::move(request)] { return probe_op(request); },
                                   std::forward<CompletionToken>(token));
  }

  // Dynamic WAN address (ISPs re-address): GetExternalIPAddress and the public endpoints follow.
  // In nat/no-nat the public address moves with it; `public_ip` overrides it in cgnat/double-nat.
  void set_wan_ip(const boost::asio::ip::address_v4& wan_ip,
                  std::optional<boost::asio::ip::address_v4> public_ip = std::nullopt);
  std::uint32_t reboot();  // see router::reboot(); public endpoints are rebuilt
  void set_faults(const fault_set& faults);
  const fault_set& faults() const noexcept;
  std::vector<log_entry> log(std::size_t limit) const;  // most recent last
  // What --strict found (lab_options::strict); nullptr when strict is off.
  const strict::violation_log* violations() const noexcept;

  struct impl;  // opaque; public only so the library's own translation units can name it

 private:
  boost::asio::awaitable<result<probe_result>> probe_op(probe_request request);

  boost::asio::any_io_executor executor_;
  std::unique_ptr<impl> impl_;
};

}  // namespace igdkit::sim
