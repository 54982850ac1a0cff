#pragma once
// Device identity: every simrouter instance announces its own UUIDs, so two routers in one lab
// (or a simrouter next to a real device) never collide in USN-based deduplication.
#include "igdkit/sim/device_layout.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace igdkit::sim {

// A fresh random (version 4) UUID in canonical lower-case form, without "uuid:".
std::string random_device_uuid();

// The same UUID for the same seed on every run and machine (name-based, SHA-1, version 5, in a
// namespace of igdkit's own): `--uuid-seed lab-a` gives a lab a reproducible identity.
std::string seeded_device_uuid(std::string_view seed);

// `text` in canonical form (lower case), or nullopt if it is not a UUID; an optional "uuid:"
// prefix is accepted.
std::optional<std::string> canonical_device_uuid(std::string_view text);

// Fills what is empty, deterministically: the WANDevice and WANConnectionDevice UUIDs derived
// from the root (so a persisted root brings the whole tree back), and an empty root from a fixed
// seed (pure layout builders stay reproducible; a router gives itself a random root first).
void assign_device_uuids(layout_params& layout);

}  // namespace igdkit::sim
