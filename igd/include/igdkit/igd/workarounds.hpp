#pragma once
// Every router workaround igdkit knows, in one pure policy function: given the request that just
// failed and the router's error, what (if anything) to try next. No I/O, no state beyond what the
// caller passes in, so each rule is unit-tested on its own.
//
// The rules (digest §4.3, §4.6; libtorrent and miniupnpc do the same):
//  - 725 OnlyPermanentLeasesSupported on a non-zero lease -> retry with lease 0 (v1 "static").
//  - 402 Invalid Args / 501 Action Failed on a non-zero lease -> retry once with lease 0. Some
//    consumer firmware rejects every non-zero lease with these generic codes instead of 725.
//    Harmless when the lease was not the cause: the retry fails the same way and we stop.
//  - 718 ConflictInMappingEntry (or 729 on v2) -> only if the caller allows another port: on a
//    WANIPConnection:2 switch to AddAnyPortMapping (the router picks), else try external+1.
//  - 724 SamePortValuesRequired -> only if the caller allows it: internal port = external port.
#include "igdkit/igd/actions/port_mapping.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace igdkit::igd {

enum class workaround : std::uint8_t {
  permanent_lease,      // 725 -> lease 0
  zero_lease_fallback,  // 402/501 with a non-zero lease -> lease 0
  other_external_port,  // 718/729 -> external port + 1 (v1)
  add_any_port_mapping, // 718/729 -> AddAnyPortMapping (v2)
  same_port_values,     // 724 -> internal = external
};

std::string_view to_string(workaround w) noexcept;

struct workaround_permissions {
  bool zero_lease = true;          // 725/402/501 -> permanent mapping
  bool other_external_port = false;  // 718 -> a different external port
  bool same_port_values = false;     // 724 -> change the internal port
};

// Bounded: add_port_mapping never sends more than this many requests in total.
inline constexpr unsigned max_add_attempts = 5;

struct add_attempt {
  add_port_mapping_request request;
  bool use_add_any = false;  // send AddAnyPortMapping instead of AddPortMapping
};

struct next_attempt {
  add_attempt attempt;
  workaround used;
};

// The next request after `failed` came back with UPnP error `upnp_code` from a service of
// `service_version_number` (1 or 2). `already` lists the workarounds used so far; a rule whose
// fix is already in place is not applied again (so a router that keeps failing ends the loop).
std::optional<next_attempt> next_add_attempt(const add_attempt& failed, int upnp_code, unsigned service_version_number,
                                             const workaround_permissions& allowed,
                                             std::span<const workaround> already) noexcept;

}  // namespace igdkit::igd
