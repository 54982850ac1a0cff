#pragma once
// What a root device advertises, and the pure UDA rules for which (ST, USN) pairs answer a
// search (digest §1.4 table) and which NOTIFY set announces it (§1.5: 3 + 2d + k messages).
#include "igdkit/ssdp/search_target.hpp"

#include <string>
#include <vector>

namespace igdkit::ssdp {

struct advertised_device {
  std::string uuid;                     // UDN without the "uuid:" prefix
  search_target type;                   // device type at its highest supported version
  std::vector<search_target> services;  // service types at their highest versions
};

struct device_set {
  advertised_device root;
  std::vector<advertised_device> embedded;  // flattened: every embedded device at any depth
};

// One SSDP announcement / answer: the NT (or ST) value and its USN.
struct announcement {
  search_target target;
  std::string usn;
  friend bool operator==(const announcement&, const announcement&) = default;
};

// Every announcement of the set in the UDA order: 3 for the root, 2 per embedded device, 1 per
// distinct service type per device. This is also the answer list for ssdp:all.
std::vector<announcement> all_announcements(const device_set& set);

// How a device matches a search target against what it advertises.
enum class st_matching {
  uda,    // the UDA 1.1 table (digest §1.4)
  exact,  // firmware that answers only an ST equal to one of its NT values: upnp:rootdevice,
          // uuid:X and types at exactly the advertised version; no ssdp:all, no lower versions
};

// The answers a device sends for `requested`. uda: type searches match any advertised version
// >= the requested one and echo the requested version (UDA 1.1); higher versions get nothing.
std::vector<announcement> answers_for(const device_set& set, const search_target& requested,
                                      st_matching matching = st_matching::uda);

}  // namespace igdkit::ssdp
