#pragma once
// Gathers what diagnosis.hpp reasons about: the chosen IGD's status and external address, the
// public address the Internet sees (STUN, or the probe-server's view), each wanted mapping on the
// router (GetSpecificPortMappingEntry) and from outside (a prober), the router's table, and an
// upstream IGD when one is named. Every failed step is an observation, never an error: the
// verdicts say what it means ("Apply & Validate" and `igdctl diagnose` both run this).
#include "igdkit/igd/client.hpp"
#include "igdkit/igd/reach/diagnosis.hpp"
#include "igdkit/igd/reach/prober.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <optional>
#include <vector>

namespace igdkit::igd::reach {

struct survey_request {
  std::vector<wanted_mapping> mappings;       // checked on the router and probed from outside
  std::optional<prober> port_prober;          // unset: no port-open checks
  std::optional<boost::asio::ip::udp::endpoint> stun_server;  // unset: no STUN query
  std::optional<boost::asio::ip::address> local_address;      // STUN socket's local address
  std::optional<boost::urls::url> upstream;   // an upstream IGD's description URL (double NAT)
  std::chrono::milliseconds probe_timeout{2000};
  bool read_table = true;  // list the router's mappings (conflict owners, a free port to suggest)
};

// `c` holds the gateway chosen by discovery, or none (then `gateways_answered` should be 0 and
// only the public-address checks run).
boost::asio::awaitable<observations> survey(client& c, std::size_t gateways_answered, survey_request request);

// The chosen gateway's identity, for evidence.
device_identity identity_of(const gateway& g);

}  // namespace igdkit::igd::reach
