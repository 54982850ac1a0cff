#pragma once
// simrouter --strict, SSDP side: one datagram that reached the responder against the M-SEARCH
// rules, and the reason a well-formed search gets no answer. Pure: the advertised set and the
// matching rule are the responder's own (ssdp_setup.hpp), so the verdict agrees with it.
#include "igdkit/sim/strict/rules.hpp"
#include "igdkit/ssdp/device_set.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace igdkit::sim::strict {

struct search_context {
  const ssdp::device_set* devices = nullptr;  // what the responder advertises (must be set)
  ssdp::st_matching matching = ssdp::st_matching::uda;
  bool multicast = false;   // read off the group socket
  std::string unicast_host;  // "127.0.0.1:1900": what HOST names in a unicast search
};

// NOTIFYs and search responses (other devices on the group) are not requests: no findings.
std::vector<finding> check_search_datagram(std::string_view datagram, const search_context& ctx);

}  // namespace igdkit::sim::strict
