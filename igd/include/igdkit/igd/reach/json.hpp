#pragma once
// JSON views (Boost.JSON, snake_case keys and verdict names) of a diagnosis and a validation,
// for igdctl diagnose --json. Views only: nothing parses these back.
#include "igdkit/igd/reach/diagnosis.hpp"

#include <boost/json/value.hpp>

namespace igdkit::igd::reach {

// {verdict, severity, evidence, advice, mapping (index or null), suggested_port (or null)}
boost::json::value to_json(const finding& f);
// {wan_port, protocol, lan_ip, lan_port, description, text}
boost::json::value to_json(const manual_rule& r);
// {overall, findings: [...], rules: [...]}
boost::json::value to_json(const diagnosis& d);
// {router_has_mapping, port_open (bool or null), passed, summary}
boost::json::value to_json(const validation_result& v);

}  // namespace igdkit::igd::reach
