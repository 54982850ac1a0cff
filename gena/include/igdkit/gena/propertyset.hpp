#pragma once
// The event body (UDA 2.0 §4.3.2): an e:propertyset holding one e:property per evented state
// variable, each with the variable's current value as text.
//
//   <e:propertyset xmlns:e="urn:schemas-upnp-org:event-1-0">
//     <e:property><ExternalIPAddress>203.0.113.7</ExternalIPAddress></e:property>
//   </e:propertyset>
#include "igdkit/result.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::gena {

inline constexpr std::string_view event_namespace = "urn:schemas-upnp-org:event-1-0";

struct property {
  std::string name;   // the state variable, e.g. "ExternalIPAddress"
  std::string value;  // its value as text, exactly as it is written in the SCPD's data type
  friend bool operator==(const property&, const property&) = default;
};

struct propertyset_limits {
  std::size_t max_bytes = std::size_t{64} * 1024;  // an IGD event is a few hundred bytes
  std::size_t max_properties = 64;                 // the largest IGD service events 5 variables
};

std::string build_propertyset(std::span<const property> properties);

// Tolerant in what real firmware varies (any prefix or none, several variables in one
// e:property, whitespace, an XML declaration), strict in the rest: the root must be a
// propertyset, each variable a plain element; otherwise bad_propertyset, and anything over the
// limits propertyset_too_large.
result<std::vector<property>> parse_propertyset(std::string_view body, const propertyset_limits& limits = {});

}  // namespace igdkit::gena
