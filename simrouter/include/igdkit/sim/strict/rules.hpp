#pragma once
// simrouter --strict: the conformance rules a client's requests are checked against. Each rule
// has a stable id (what tests, logs and the admin API name), one line of text and the spec
// section it comes from. The table is the single source for docs/strict.md.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace igdkit::sim::strict {

enum class rule_kind {
  violation,  // the request breaks a MUST/SHOULD of the spec
  ignored,    // a well-formed search the device does not answer (the reason is the rule)
};

struct rule {
  std::string_view id;    // "soap.soapaction-quoted"
  rule_kind kind = rule_kind::violation;
  std::string_view text;  // one line: what is wrong
  std::string_view spec;  // document and section
};

std::span<const rule> all_rules() noexcept;
// nullptr for an id that is not in the table.
const rule* find_rule(std::string_view id) noexcept;
std::string_view to_string(rule_kind k) noexcept;  // "violation" | "ignored"

// One broken rule in one request: the message says what this request did, the evidence quotes
// the offending bytes (trimmed to max_evidence, control characters escaped).
struct finding {
  std::string_view rule;  // an id of all_rules() (static storage)
  std::string message;
  std::string evidence;
  friend bool operator==(const finding&, const finding&) = default;
};

inline constexpr std::size_t max_evidence = 160;

// `bytes` as printable evidence: CR/LF/TAB and other control bytes as \r \n \t \xNN, cut at
// max_evidence with a trailing "...".
std::string evidence_of(std::string_view bytes);

}  // namespace igdkit::sim::strict
