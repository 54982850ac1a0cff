#include "igdkit/igd/keeper/candidates.hpp"

#include <algorithm>

namespace igdkit::igd::keeper {

std::vector<std::uint16_t> candidate_ports(std::uint16_t preferred, port_policy policy, unsigned count,
                                           std::optional<std::uint16_t> remembered) {
  if (policy == port_policy::exact || count <= 1) return {preferred};
  std::vector<std::uint16_t> out;
  out.reserve(count + 1);
  if (remembered && *remembered != 0) out.push_back(*remembered);
  std::uint16_t port = preferred == 0 ? std::uint16_t{1024} : preferred;
  while (out.size() < count) {
    if (std::find(out.begin(), out.end(), port) == out.end()) out.push_back(port);
    port = port == 65535 ? std::uint16_t{1024} : static_cast<std::uint16_t>(port + 1);
    if (port == preferred) break;  // a full lap (only with absurd counts)
  }
  return out;
}

std::string_view to_string(port_policy p) noexcept {
  switch (p) {
    case port_policy::exact: return "exact";
    case port_policy::same_port_or_next: return "next";
    case port_policy::any: return "any";
  }
  return "unknown";
}

std::optional<port_policy> parse_port_policy(std::string_view text) noexcept {
  if (text == "exact") return port_policy::exact;
  if (text == "next" || text == "same_port_or_next") return port_policy::same_port_or_next;
  if (text == "any") return port_policy::any;
  return std::nullopt;
}

}  // namespace igdkit::igd::keeper
