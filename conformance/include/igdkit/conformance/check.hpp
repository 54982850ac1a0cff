#pragma once
// The vocabulary of the conformance suite: what a check is (id, group, spec reference,
// severity), what it concluded, and the wire evidence it gathered on the way.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::conformance {

enum class group { ssdp, description, soap, wanip, wancommon, firewall, gena, security };
enum class severity { must, should, quirk };  // quirk: common firmware behaviour worth knowing
enum class verdict { pass, fail, skip };

std::string_view to_string(group g) noexcept;
std::string_view to_string(severity s) noexcept;
std::string_view to_string(verdict v) noexcept;
// "ssdp" -> group::ssdp; false for an unknown name.
bool parse_group(std::string_view name, group& out) noexcept;
inline constexpr group all_groups[] = {group::ssdp,      group::description, group::soap, group::wanip,
                                       group::wancommon, group::firewall,    group::gena, group::security};

struct check_info {
  std::string_view id;     // "<group>.<name>", stable: dashboards key on it
  group grp = group::ssdp;
  severity level = severity::must;
  std::string_view spec;   // document and section, e.g. "UDA 2.0 §1.3.3"
  std::string_view title;  // what a pass means, one line
  bool destructive = false;  // may touch mappings the suite did not create: only with --destructive
  bool wan_side = false;     // runs (only) in a --wan-side run
};

// One request and what came back, as text, trimmed to a readable size.
struct exchange_evidence {
  std::string request;
  std::string response;  // empty with `error` set when nothing came back
  std::string error;
};

struct check_result {
  const check_info* info = nullptr;
  verdict outcome = verdict::pass;
  std::string message;  // why it failed or was skipped; a note when it passed
  std::vector<exchange_evidence> evidence;
};

// Evidence is cut to this many bytes per request or response, keeping the start (headers and
// the first part of the body say what went wrong; a 64 KiB listing does not).
inline constexpr std::size_t evidence_limit = 1536;
std::string trim_evidence(std::string_view text, std::size_t limit = evidence_limit);

}  // namespace igdkit::conformance
