#pragma once
// Firmware profiles: named, documented deviations of real routers that `simrouter --profile NAME`
// (and the lab) apply on top of the spec-exact defaults. Each profile is one row of a table
// (src/profiles/profile_table.cpp) that sets a few knobs of router_options. Profiles combine
// when they agree: two profiles that set the same knob to different values are an error.
#include "igdkit/sim/router_options.hpp"

#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace igdkit::sim {

struct profile_info {
  std::string_view name;      // "miniupnpd-v2"
  std::string_view summary;   // what changes on the wire
  std::string_view imitates;  // which real device / firmware behaves like this
};

// Every profile, in the order --list-profiles shows them.
std::span<const profile_info> all_profiles();

// The --list-profiles text: one block per profile (name, summary, imitates, the knobs it sets).
std::string describe_profiles();

enum class profile_errc {
  unknown_profile = 1,
  conflicting_profiles,
};
const std::error_category& profile_category() noexcept;
std::error_code make_error_code(profile_errc e) noexcept;

struct profile_outcome {
  std::error_code ec;
  std::string detail;  // names the unknown profile, or both profiles and the knob they disagree on
};

// Applies the named profiles in order onto `options`. An unknown name or a conflict sets ec and
// leaves `options` untouched. Knobs no profile sets keep the values already in `options`.
profile_outcome apply_profiles(std::span<const std::string> names, router_options& options);

}  // namespace igdkit::sim

template <>
struct std::is_error_code_enum<igdkit::sim::profile_errc> : std::true_type {};
