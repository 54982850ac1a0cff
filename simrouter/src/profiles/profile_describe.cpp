// The --list-profiles text and the profile_info view of the table.
#include "profile_settings.hpp"

#include <vector>

namespace igdkit::sim {

namespace detail {

std::string knob_text(igd_version v) { return v == igd_version::v2 ? "IGD:2" : "IGD:1"; }
std::string knob_text(std::size_t v) { return std::to_string(v); }
std::string knob_text(unsigned v) { return std::to_string(v); }
std::string knob_text(bool v) { return v ? "true" : "false"; }
std::string knob_text(std::string_view v) { return "\"" + std::string(v) + "\""; }
std::string knob_text(std::chrono::seconds v) { return std::to_string(v.count()) + "s"; }

std::string knob_text(lease_policy v) {
  switch (v) {
    case lease_policy::spec: return "spec";
    case lease_policy::permanent_only_725: return "permanent-only (725)";
    case lease_policy::permanent_only_402: return "permanent-only (402)";
  }
  return "?";
}

std::string knob_text(conflict_code v) { return v == conflict_code::action_failed_501 ? "501" : "718"; }
std::string knob_text(wan_connection_kind v) { return v == wan_connection_kind::ppp ? "WANPPPConnection" : "WANIPConnection"; }
std::string knob_text(ssdp::st_matching v) { return v == ssdp::st_matching::exact ? "exact" : "uda"; }

}  // namespace detail

std::span<const profile_info> all_profiles() {
  static const std::vector<profile_info> infos = [] {
    std::vector<profile_info> out;
    for (const auto& p : detail::profile_table()) out.push_back(p.info);
    return out;
  }();
  return infos;
}

std::string describe_profiles() {
  std::string out;
  for (const auto& p : detail::profile_table()) {
    if (!out.empty()) out += "\n";
    out += std::string(p.info.name) + "\n  " + std::string(p.info.summary) + "\n  imitates: " +
           std::string(p.info.imitates) + "\n  sets:";
    const char* sep = " ";
    detail::for_each_knob(
        [&](std::string_view knob, const auto& value) {
          if (!value) return;
          out += sep + std::string(knob) + "=" + detail::knob_text(*value);
          sep = ", ";
        },
        p.settings);
    out += "\n";
  }
  return out;
}

}  // namespace igdkit::sim
