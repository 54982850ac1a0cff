#pragma once
// simrouter --strict: what the checks found, kept for the admin API, the log and the summary at
// exit. Bounded: the newest `capacity` violations are kept, every one is counted (per rule and
// in total). Pure: the time of each record is passed in.
#include "igdkit/sim/strict/rules.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>

namespace igdkit::sim::strict {

struct violation {
  std::chrono::system_clock::time_point at;
  std::string client;     // "127.0.0.1" (HTTP) or "127.0.0.1:40000" (SSDP, the source port too)
  const rule* broken = nullptr;  // never null in a recorded violation
  std::string message;
  std::string evidence;
};

class violation_log {
 public:
  static constexpr std::size_t default_capacity = 1000;
  explicit violation_log(std::size_t capacity = default_capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

  // A finding whose rule is not in the table is counted under "unknown-rule" (a bug, made visible).
  const violation& record(std::chrono::system_clock::time_point at, std::string client, finding f);

  const std::deque<violation>& recent() const noexcept { return recent_; }  // oldest first
  const std::map<std::string_view, std::uint64_t>& counts() const noexcept { return counts_; }  // by rule id
  std::uint64_t total() const noexcept { return total_; }
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  std::size_t capacity_;
  std::deque<violation> recent_;
  std::map<std::string_view, std::uint64_t> counts_;
  std::uint64_t total_ = 0;
};

// One log line: "strict: 127.0.0.1 soap.soapaction-quoted [UDA 1.1 §3.2.1] SOAPACTION without
// its double quotes | SOAPACTION: urn:...".
std::string log_line(const violation& v);
// The exit summary: a header line, then "  <count>  <rule id>" per rule broken, most first.
std::string summary(const violation_log& log);

}  // namespace igdkit::sim::strict
