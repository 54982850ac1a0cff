// fault_set <-> JSON (GET/POST /faults and the config file's "faults" field).
#include "faults_json.hpp"
#include "igdkit/sim/admin_api.hpp"

#include <boost/json/object.hpp>

#include <array>
#include <utility>

namespace igdkit::sim {

namespace json = boost::json;
using namespace json_input;

namespace {

constexpr std::array<std::pair<http_fault_action, std::string_view>, 4> action_names{{
    {http_fault_action::none, "none"},
    {http_fault_action::reset, "reset"},
    {http_fault_action::truncate_body, "truncate_body"},
    {http_fault_action::status_500_empty, "status_500_empty"},
}};

// Delays beyond this stop being "slow" and become "never"; answering=false covers that.
constexpr std::uint64_t max_delay_ms = 600'000;
constexpr std::uint64_t max_copies = 100;
constexpr std::uint64_t max_times = 1'000'000;

parsed<ssdp_faults> read_ssdp(const json::value& v, std::string_view path) {
  auto object = read_object(v, path);
  if (!object) return object.error();
  if (auto p = reject_unknown(**object, {"drop", "delay_ms", "copies"}, path)) return *p;
  ssdp_faults out;
  if (const auto* f = (*object)->if_contains("drop")) {
    auto r = read_bool(*f, child(path, "drop"));
    if (!r) return r.error();
    out.drop = *r;
  }
  if (const auto* f = (*object)->if_contains("delay_ms")) {
    auto r = read_uint(*f, child(path, "delay_ms"), 0, max_delay_ms);
    if (!r) return r.error();
    out.delay = std::chrono::milliseconds(*r);
  }
  if (const auto* f = (*object)->if_contains("copies")) {
    auto r = read_uint_as<unsigned>(*f, child(path, "copies"), 1, max_copies);
    if (!r) return r.error();
    out.copies = *r;
  }
  return out;
}

parsed<http_faults> read_http(const json::value& v, std::string_view path) {
  auto object = read_object(v, path);
  if (!object) return object.error();
  if (auto p = reject_unknown(**object, {"delay_ms", "action", "control_only", "times"}, path)) return *p;
  http_faults out;
  if (const auto* f = (*object)->if_contains("delay_ms")) {
    auto r = read_uint(*f, child(path, "delay_ms"), 0, max_delay_ms);
    if (!r) return r.error();
    out.delay = std::chrono::milliseconds(*r);
  }
  if (const auto* f = (*object)->if_contains("action")) {
    const auto field = child(path, "action");
    constexpr std::string_view requirement = R"(one of "none", "reset", "truncate_body", "status_500_empty")";
    auto name = read_string(*f, field);
    if (!name) return bad_field(field, requirement, *f);
    auto action = fault_action_from_name(*name);
    if (!action) return bad_field(field, requirement, *f);
    out.action = *action;
  }
  if (const auto* f = (*object)->if_contains("control_only")) {
    auto r = read_bool(*f, child(path, "control_only"));
    if (!r) return r.error();
    out.control_only = *r;
  }
  if (const auto* f = (*object)->if_contains("times"); f && !f->is_null()) {
    const auto field = child(path, "times");
    auto r = read_uint_as<unsigned>(*f, field, 1, max_times);
    if (!r) return bad_field(field, "null (until cleared) or an integer 1.." + std::to_string(max_times), *f);
    out.times = *r;
  }
  return out;
}

}  // namespace

namespace json_input {

std::string_view fault_action_name(http_fault_action action) noexcept {
  for (const auto& [a, name] : action_names)
    if (a == action) return name;
  return "none";
}

std::optional<http_fault_action> fault_action_from_name(std::string_view name) noexcept {
  for (const auto& [a, n] : action_names)
    if (n == name) return a;
  return std::nullopt;
}

parsed<fault_set> read_faults(const json::value& v, std::string_view path) {
  auto object = read_object(v, path);
  if (!object) return object.error();
  if (auto p = reject_unknown(**object, {"ssdp", "http", "answering", "wan_link_down"}, path)) return *p;
  fault_set out;
  if (const auto* f = (*object)->if_contains("ssdp")) {
    auto r = read_ssdp(*f, child(path, "ssdp"));
    if (!r) return r.error();
    out.ssdp = *r;
  }
  if (const auto* f = (*object)->if_contains("http")) {
    auto r = read_http(*f, child(path, "http"));
    if (!r) return r.error();
    out.http = *r;
  }
  if (const auto* f = (*object)->if_contains("answering")) {
    auto r = read_bool(*f, child(path, "answering"));
    if (!r) return r.error();
    out.answering = *r;
  }
  if (const auto* f = (*object)->if_contains("wan_link_down")) {
    auto r = read_bool(*f, child(path, "wan_link_down"));
    if (!r) return r.error();
    out.wan_link_down = *r;
  }
  return out;
}

}  // namespace json_input

namespace admin {

result<fault_set> parse_faults(const json::value& value, std::string* message) {
  auto r = read_faults(value, "");
  if (!r) return report(r.error(), message);
  return *r;
}

json::value to_json(const fault_set& faults) {
  const auto& h = faults.http;
  return json::object{
      {"ssdp", json::object{{"drop", faults.ssdp.drop},
                            {"delay_ms", faults.ssdp.delay.count()},
                            {"copies", faults.ssdp.copies}}},
      {"http", json::object{{"delay_ms", h.delay.count()},
                            {"action", fault_action_name(h.action)},
                            {"control_only", h.control_only},
                            {"times", h.times ? json::value(*h.times) : json::value(nullptr)}}},
      {"answering", faults.answering},
      {"wan_link_down", faults.wan_link_down},
  };
}

}  // namespace admin

}  // namespace igdkit::sim
