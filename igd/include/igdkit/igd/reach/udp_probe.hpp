#pragma once
// The UDP port-open convention shared by every prober (the lab's and igdctl probe-server): one
// datagram "igdkit-probe <16 hex digits>", which the service must echo back byte for byte.
#include <cstdint>
#include <cstdio>
#include <string>

namespace igdkit::igd::reach {

inline std::string udp_probe_payload(std::uint64_t nonce) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(nonce));
  return std::string("igdkit-probe ") + hex;
}

}  // namespace igdkit::igd::reach
