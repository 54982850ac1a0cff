// GET /violations: what simrouter --strict found, as JSON (shape in admin_api.hpp).
#include "igdkit/sim/admin_api.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace igdkit::sim::admin {

namespace json = boost::json;

json::value violations_json(const strict::violation_log* log) {
  json::object out;
  out["strict"] = log != nullptr;
  out["total"] = log ? log->total() : 0;
  out["capacity"] = log ? log->capacity() : 0;
  json::object counts;
  json::array list;
  if (log) {
    for (const auto& [id, n] : log->counts()) counts[id] = n;
    for (const auto& v : log->recent()) {
      list.push_back(json::object{{"at", format_utc(v.at)},
                                  {"client", v.client},
                                  {"rule", v.broken->id},
                                  {"kind", strict::to_string(v.broken->kind)},
                                  {"spec", v.broken->spec},
                                  {"message", v.message},
                                  {"evidence", v.evidence}});
    }
  }
  out["counts"] = std::move(counts);
  out["violations"] = std::move(list);
  return out;
}

}  // namespace igdkit::sim::admin
