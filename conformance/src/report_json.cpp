#include "igdkit/conformance/report.hpp"

#include "check_support.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace igdkit::conformance {
namespace json_detail {

boost::json::object counts_json(const counts& c) {
  return {{"pass", c.pass}, {"fail", c.fail}, {"skip", c.skip}, {"must_failed", c.must_failed}};
}

}  // namespace json_detail

boost::json::value render_json(const suite_result& result, const device_facts& device) {
  using json_detail::counts_json;
  boost::json::object target{{"location", device.location.buffer()}, {"igd_version", device.igd_version}};
  target["server"] = support::header(device.description_fetch, "Server").value_or("");
  if (device.description) target["friendly_name"] = device.description->root.friendly_name;
  boost::json::object out{{"target", std::move(target)}};
  if (result.prepare_error) out["error"] = result.prepare_error.message();
  out["counts"] = counts_json(count(result.results));
  boost::json::object groups;
  for (auto g : all_groups) groups[to_string(g)] = counts_json(count(result.results, g));
  out["groups"] = std::move(groups);
  out["interrupted"] = result.interrupted;
  out["cleanup_failures"] = result.cleanup_failures;
  out["conformant"] = result.conformant();
  boost::json::array checks;
  for (const auto& r : result.results) {
    boost::json::array evidence;
    for (const auto& e : r.evidence) {
      boost::json::object x{{"request", e.request}, {"response", e.response}};
      if (!e.error.empty()) x["error"] = e.error;
      evidence.push_back(std::move(x));
    }
    checks.push_back(boost::json::object{{"id", r.info->id},
                                         {"group", to_string(r.info->grp)},
                                         {"severity", to_string(r.info->level)},
                                         {"spec", r.info->spec},
                                         {"title", r.info->title},
                                         {"verdict", to_string(r.outcome)},
                                         {"message", r.message},
                                         {"evidence", std::move(evidence)}});
  }
  out["checks"] = std::move(checks);
  return out;
}

}  // namespace igdkit::conformance
