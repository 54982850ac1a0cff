#pragma once
// A run's results for people (a table with counts per group and severity, failures with their
// evidence), for programs (JSON) and for CI dashboards (JUnit XML: a testcase per check,
// `failure` with the evidence, `skipped` with the reason).
#include "igdkit/conformance/suite.hpp"

#include <boost/json/value.hpp>

#include <string>

namespace igdkit::conformance {

std::string render_text(const suite_result& result, const device_facts& device);
boost::json::value render_json(const suite_result& result, const device_facts& device);
std::string render_junit(const suite_result& result, const device_facts& device);

// `--list`: every check with its group, severity and spec reference.
std::string render_check_list();

}  // namespace igdkit::conformance
