#pragma once
// Median and p95 of a sample and their JSON form: every benchmark reports its figures this way,
// so scripts/bench.sh can put them side by side without knowing which benchmark made them.
#include <boost/json/object.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace igdkit::bench {

using clock_type = std::chrono::steady_clock;

struct summary {
  double median = 0;
  double p95 = 0;
  std::size_t count = 0;
};

// Nearest-rank percentiles: no interpolation, so each figure is a time that was observed.
inline summary summarize(std::vector<double> sample) {
  if (sample.empty()) return {};
  std::sort(sample.begin(), sample.end());
  const auto rank = [&](std::size_t percent) {
    const std::size_t index = (sample.size() * percent + 99) / 100;
    return sample[std::clamp<std::size_t>(index, 1, sample.size()) - 1];
  };
  return {rank(50), rank(95), sample.size()};
}

inline boost::json::object to_json(const summary& s) {
  return {{"median", s.median}, {"p95", s.p95}, {"n", s.count}};
}

inline double milliseconds_since(clock_type::time_point start) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
}

// a / b, or 0 when there is no baseline to divide by (a skipped or failed measurement).
inline double ratio(double a, double b) { return b > 0 ? a / b : 0; }

}  // namespace igdkit::bench
