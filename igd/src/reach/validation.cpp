// The validation verdict of one wanted mapping: the UPnP check and the port-open check, with the
// reason taken from the diagnosis.
#include "igdkit/igd/reach/diagnosis.hpp"

#include <algorithm>

namespace igdkit::igd::reach {
namespace {

// The first (most important) non-info finding that `pick` accepts.
template <class Pred>
const finding* first_problem(const diagnosis& d, Pred pick) {
  auto it = std::ranges::find_if(d.findings, [&](const finding& f) { return f.level != severity::info && pick(f); });
  return it == d.findings.end() ? nullptr : &*it;
}

// Why this mapping failed: its own finding quoted, the network's named as well; or the
// network's quoted when the mapping has none.
std::string reason_for(const diagnosis& d, std::size_t index) {
  const finding* own = first_problem(d, [&](const finding& f) { return f.mapping == index; });
  const finding* net = first_problem(d, [](const finding& f) { return !f.mapping; });
  std::string s;
  if (const finding* f = own ? own : net) s = "; " + std::string(to_string(f->kind)) + ": " + f->evidence;
  if (own && net) s += "; also " + std::string(to_string(net->kind));
  return s;
}

}  // namespace

validation_result validate(const observations& obs, const diagnosis& d, std::size_t index) {
  const auto& m = obs.mappings.at(index);
  validation_result r;
  r.router_has_mapping = router_has_mapping(m);
  if (m.probe != probe_result::not_run) r.port_open = m.probe == probe_result::reachable;

  const auto& w = m.wanted;
  const std::string mapping = std::string(igdkit::to_string(w.proto)) + " " + std::to_string(w.external_port) +
                              " -> " + w.internal_client.to_string() + ":" + std::to_string(w.internal_port);
  std::string s = r.passed() ? "passed: " : "failed: ";
  s += r.router_has_mapping ? "the router maps " + mapping : "the router does not map " + mapping;
  s += !r.port_open ? ", the port-open check was not run" : *r.port_open ? ", the port is open from outside"
                                                                         : ", the port is closed from outside";
  if (r.port_open.value_or(false) && !r.router_has_mapping)
    s += " (served by a rule the router does not list to us: a manual rule or another mechanism)";
  if (!r.passed()) s += reason_for(d, index);
  r.summary = std::move(s);
  return r;
}

std::vector<validation_result> validate(const observations& obs) {
  const diagnosis d = diagnose(obs);
  std::vector<validation_result> out;
  out.reserve(obs.mappings.size());
  for (std::size_t i = 0; i < obs.mappings.size(); ++i) out.push_back(validate(obs, d, i));
  return out;
}

}  // namespace igdkit::igd::reach
