#include "igdkit/conformance/report.hpp"

#include <pugixml.hpp>

#include <sstream>

namespace igdkit::conformance {
namespace junit_detail {

std::string evidence_text(const check_result& r) {
  std::string out = r.message + "\n";
  for (const auto& e : r.evidence) {
    out += "--- sent\n" + e.request + "\n";
    if (!e.response.empty()) out += "--- received\n" + e.response + "\n";
    if (!e.error.empty()) out += "--- " + e.error + "\n";
  }
  return out;
}

void set_counts(pugi::xml_node node, const counts& c) {
  node.append_attribute("tests") = static_cast<unsigned long long>(c.pass + c.fail + c.skip);
  node.append_attribute("failures") = static_cast<unsigned long long>(c.fail);
  node.append_attribute("errors") = 0;
  node.append_attribute("skipped") = static_cast<unsigned long long>(c.skip);
}

}  // namespace junit_detail

std::string render_junit(const suite_result& result, const device_facts& device) {
  using namespace junit_detail;
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto suites = doc.append_child("testsuites");
  suites.append_attribute("name") = "igdkit conformance";
  set_counts(suites, count(result.results));
  for (auto g : all_groups) {
    auto c = count(result.results, g);
    if (c.pass + c.fail + c.skip == 0) continue;
    auto suite = suites.append_child("testsuite");
    suite.append_attribute("name") = std::string(to_string(g)).c_str();
    set_counts(suite, c);
    auto props = suite.append_child("properties");
    auto p = props.append_child("property");
    p.append_attribute("name") = "location";
    p.append_attribute("value") = std::string(device.location.buffer()).c_str();
    for (const auto& r : result.results) {
      if (r.info->grp != g) continue;
      auto tc = suite.append_child("testcase");
      tc.append_attribute("classname") = ("conformance." + std::string(to_string(g))).c_str();
      tc.append_attribute("name") = std::string(r.info->id).c_str();
      if (r.outcome == verdict::fail) {
        auto f = tc.append_child("failure");
        f.append_attribute("type") = std::string(to_string(r.info->level)).c_str();
        f.append_attribute("message") = (std::string(r.info->spec) + ": " + r.message).c_str();
        f.append_child(pugi::node_pcdata).set_value(evidence_text(r).c_str());
      } else if (r.outcome == verdict::skip) {
        tc.append_child("skipped").append_attribute("message") = r.message.c_str();
      }
    }
  }
  if (result.prepare_error) {
    auto suite = suites.append_child("testsuite");
    suite.append_attribute("name") = "setup";
    auto tc = suite.append_child("testcase");
    tc.append_attribute("name") = "find-device";
    tc.append_child("error").append_attribute("message") = result.prepare_error.message().c_str();
  }
  std::ostringstream os;
  doc.save(os, "  ");
  return os.str();
}

}  // namespace igdkit::conformance
