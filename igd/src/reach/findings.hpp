#pragma once
// The text of each verdict: evidence quoting the observations, and the advice. diagnosis.cpp
// decides which verdicts apply; advice.cpp words them (and the manual rules).
#include "igdkit/igd/reach/diagnosis.hpp"
#include "igdkit/igd/selection.hpp"

namespace igdkit::igd::reach::wording {

// Network level (mapping unset).
finding no_igd();
finding igd_not_connected(const igd_observation& igd);
finding external_ip_unknown(const igd_observation& igd, const std::optional<public_address_observation>& seen);
finding carrier_grade_nat(const igd_observation& igd, const address_v4& ext,
                          const std::optional<public_address_observation>& seen);
finding double_nat(const observations& obs, const address_v4& ext, ipv4_scope scope);
finding upstream_nat(const igd_observation& igd, const address_v4& ext, const public_address_observation& seen);

// Per mapping (mapping set to `index`).
finding port_conflict(std::size_t index, const mapping_observation& m, std::optional<std::uint16_t> free_port);
finding same_port_required(std::size_t index, const mapping_observation& m);
finding lease_rejected(std::size_t index, const mapping_observation& m);
finding not_authorized(std::size_t index, const mapping_observation& m);
finding add_failed(std::size_t index, const mapping_observation& m);
finding mapping_missing(std::size_t index, const mapping_observation& m);
finding mapping_elsewhere(std::size_t index, const mapping_observation& m);
finding firewall_blocked(std::size_t index, const mapping_observation& m);
finding not_verified(std::size_t index, const mapping_observation& m);
finding reachable(std::size_t index, const mapping_observation& m);

// "; probe from outside: closed (timeout)", appended to the finding that explains a closed port.
std::string probe_suffix(const mapping_observation& m);

}  // namespace igdkit::igd::reach::wording
