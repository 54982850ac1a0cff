#pragma once
// The check registry and the runner: every check in group order, and a run that honours
// --only, --destructive and an interruption, and removes what it created.
#include "igdkit/conformance/check.hpp"
#include "igdkit/conformance/session.hpp"

#include <cstddef>
#include <span>
#include <system_error>
#include <vector>

namespace igdkit::conformance {

using check_fn = void (*)(session&, check_result&);

struct check_def {
  check_info info;
  check_fn run = nullptr;
};

// Every check, grouped, in the order a run executes them (ids are unique).
std::span<const check_def> all_checks();

struct counts {
  std::size_t pass = 0, fail = 0, skip = 0;
  std::size_t must_failed = 0;
};
counts count(std::span<const check_result> results);
counts count(std::span<const check_result> results, group g);
counts count(std::span<const check_result> results, group g, severity s);

struct suite_result {
  std::error_code prepare_error;       // set: the device was not found or not readable; no checks ran
  std::vector<check_result> results;   // one per selected check, in order, skipped ones included
  std::size_t cleanup_failures = 0;    // mappings the suite made and could not remove
  bool interrupted = false;            // options().stop was set: the remaining checks are skipped
  bool conformant() const noexcept;    // found, run to the end, and no must-check failed
};

// Prepares the session (finds and reads the device), runs the selected checks and cleans up.
suite_result run_suite(session& s);

}  // namespace igdkit::conformance
