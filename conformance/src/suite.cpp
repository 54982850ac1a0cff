// The registry (the groups' tables in order) and the runner.
#include "igdkit/conformance/suite.hpp"

#include "check_support.hpp"

#include <algorithm>

namespace igdkit::conformance {

std::span<const check_def> all_checks() {
  static const std::vector<check_def> table = [] {
    std::vector<check_def> t;
    for (auto part : {support::ssdp_checks(), support::description_checks(), support::scpd_checks(),
                      support::soap_checks(),
                      support::wanip_checks(), support::wanip_v2_checks(), support::wancommon_checks(),
                      support::firewall_checks(), support::gena_checks(), support::security_checks()}) {
      t.insert(t.end(), part.begin(), part.end());
    }
    return t;
  }();
  return table;
}

namespace {

void tally(counts& c, const check_result& r) {
  switch (r.outcome) {
    case verdict::pass: ++c.pass; break;
    case verdict::skip: ++c.skip; break;
    case verdict::fail:
      ++c.fail;
      if (r.info->level == severity::must) ++c.must_failed;
      break;
  }
}

bool selected(const suite_options& o, group g) {
  return o.only.empty() || std::find(o.only.begin(), o.only.end(), g) != o.only.end();
}

}  // namespace

counts count(std::span<const check_result> results) {
  counts c;
  for (const auto& r : results) tally(c, r);
  return c;
}

counts count(std::span<const check_result> results, group g) {
  counts c;
  for (const auto& r : results) {
    if (r.info->grp == g) tally(c, r);
  }
  return c;
}

counts count(std::span<const check_result> results, group g, severity s) {
  counts c;
  for (const auto& r : results) {
    if (r.info->grp == g && r.info->level == s) tally(c, r);
  }
  return c;
}

bool suite_result::conformant() const noexcept {
  return !prepare_error && !interrupted && count(results).must_failed == 0;
}

suite_result run_suite(session& s) {
  suite_result out;
  out.prepare_error = s.prepare();
  if (out.prepare_error) return out;
  for (const auto& def : all_checks()) {
    if (!selected(s.options(), def.info.grp)) continue;
    check_result r;
    r.info = &def.info;
    if (s.options().stop && s.options().stop->load()) {
      out.interrupted = true;
      support::skip(r, "the run was interrupted");
    } else if (def.info.destructive && !s.options().destructive) {
      support::skip(r, "touches mappings the suite did not create: run with --destructive");
    } else if (def.info.wan_side != s.options().wan_side) {
      support::skip(r, s.options().wan_side ? "a --wan-side run checks only that the WAN side is closed"
                                            : "run from the device's WAN side with --wan-side (a lab)");
    } else {
      s.record_into(&r);
      def.run(s, r);
      s.record_into(nullptr);
      // Each check removes what it made; anything left is removed now so the next one starts clean.
      s.cleanup();
    }
    r.message = trim_evidence(r.message, 4096);  // device text may hold any bytes
    // A passing check's exchanges are not evidence of anything wrong: keep reports small.
    if (r.outcome != verdict::fail) r.evidence.clear();
    out.results.push_back(std::move(r));
  }
  out.cleanup_failures = s.cleanup();
  return out;
}

}  // namespace igdkit::conformance
