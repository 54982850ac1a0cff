#include "igdkit/sim/strict/violation_log.hpp"

#include <algorithm>
#include <vector>

namespace igdkit::sim::strict {

namespace {
constexpr rule unknown_rule{"unknown-rule", rule_kind::violation, "a check named a rule that is not in the table", "-"};
}  // namespace

const violation& violation_log::record(std::chrono::system_clock::time_point at, std::string client, finding f) {
  const rule* r = find_rule(f.rule);
  if (!r) r = &unknown_rule;
  ++total_;
  ++counts_[r->id];
  recent_.push_back({at, std::move(client), r, std::move(f.message), std::move(f.evidence)});
  while (recent_.size() > capacity_) recent_.pop_front();
  return recent_.back();
}

std::string log_line(const violation& v) {
  std::string out = "strict: " + v.client + " " + std::string(v.broken->id) + " [" + std::string(v.broken->spec) +
                    "] " + v.message;
  if (!v.evidence.empty()) out += " | " + v.evidence;
  return out;
}

std::string summary(const violation_log& log) {
  std::vector<std::pair<std::string_view, std::uint64_t>> rows(log.counts().begin(), log.counts().end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out = "strict: " + std::to_string(log.total()) + " finding(s) in " + std::to_string(rows.size()) +
                    " rule(s)\n";
  for (const auto& [id, n] : rows) out += "  " + std::to_string(n) + "  " + std::string(id) + "\n";
  return out;
}

}  // namespace igdkit::sim::strict
