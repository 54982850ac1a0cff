#pragma once
// "Apply & Validate": the two checks on one mapping. (1) the UPnP check: the router has it, for
// our internal client and port (GetSpecificPortMappingEntry); (2) the port-open check: a prober
// outside the NAT reaches external-IP:port (prober.hpp). Neither check failing is an error: each
// outcome is evidence for the verdict and the NAT diagnosis (diagnosis.hpp).
#include "igdkit/igd/client.hpp"
#include "igdkit/igd/reach/prober.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/udp.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace igdkit::igd::reach {

struct validate_request {
  mapping_key key;                                // external port and protocol
  boost::asio::ip::address_v4 internal_client;    // what the entry must lead to
  std::uint16_t internal_port = 0;
  std::optional<prober> port_prober;              // unset: the port-open check is not run
  std::chrono::milliseconds probe_timeout{2000};
  // Also ask a STUN server what public address this host has (an upstream NAT shows as a
  // difference from the router's external address).
  std::optional<boost::asio::ip::udp::endpoint> stun_server;
  std::optional<boost::asio::ip::address> local_address;  // bind the STUN socket here
};

struct validation_report {
  // (1) the router's view
  bool router_has_mapping = false;
  std::string router_evidence;          // "TCP 554 -> 192.168.1.20:554, lease 3599 s" or why not
  std::optional<mapping_entry> entry;   // as the router reported it
  std::error_code router_error;         // set when the read failed (714 = no such entry)
  std::optional<boost::asio::ip::address_v4> external_ip;  // GetExternalIPAddress
  // (2) the Internet's view
  std::optional<bool> port_open;        // unset: not run (no prober, or the prober failed)
  std::string port_evidence;            // the prober's reason, or why it could not answer
  std::error_code prober_error;         // the prober gave no usable answer
  std::optional<boost::asio::ip::address_v4> observed_address;  // probe-server: our public address
  std::optional<double> rtt_ms;
  std::optional<std::string> banner;
  // STUN (when asked): the public address the Internet sees for this host
  std::optional<boost::asio::ip::address_v4> stun_address;
  std::error_code stun_error;

  // Both checks ran and passed.
  bool passed() const noexcept { return router_has_mapping && port_open.value_or(false); }
};

// `c` must have a gateway (discover/open) and outlive the operation.
boost::asio::awaitable<validation_report> validate(client& c, validate_request request);

}  // namespace igdkit::igd::reach
