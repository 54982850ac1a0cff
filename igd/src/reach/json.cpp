#include "igdkit/igd/reach/json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace igdkit::igd::reach {
namespace json = boost::json;

json::value to_json(const finding& f) {
  return json::object{{"verdict", to_string(f.kind)},
                      {"severity", to_string(f.level)},
                      {"evidence", f.evidence},
                      {"advice", f.advice},
                      {"mapping", f.mapping ? json::value(*f.mapping) : json::value(nullptr)},
                      {"suggested_port", f.suggested_port ? json::value(*f.suggested_port) : json::value(nullptr)}};
}

json::value to_json(const manual_rule& r) {
  return json::object{{"wan_port", r.wan_port},          {"protocol", igdkit::to_string(r.proto)},
                      {"lan_ip", r.lan_ip.to_string()},  {"lan_port", r.lan_port},
                      {"description", r.description},    {"text", to_string(r)}};
}

json::value to_json(const diagnosis& d) {
  json::array findings;
  for (const auto& f : d.findings) findings.push_back(to_json(f));
  json::array rules;
  for (const auto& r : d.rules) rules.push_back(to_json(r));
  return json::object{{"overall", to_string(d.overall)}, {"findings", std::move(findings)}, {"rules", std::move(rules)}};
}

json::value to_json(const validation_result& v) {
  return json::object{{"router_has_mapping", v.router_has_mapping},
                      {"port_open", v.port_open ? json::value(*v.port_open) : json::value(nullptr)},
                      {"passed", v.passed()},
                      {"summary", v.summary}};
}

}  // namespace igdkit::igd::reach
