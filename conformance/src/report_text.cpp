#include "igdkit/conformance/report.hpp"

#include <iomanip>
#include <sstream>

namespace igdkit::conformance {
namespace text_detail {

std::string upper(std::string_view v) {
  std::string s(v);
  for (auto& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return s;
}

void indent(std::ostringstream& os, std::string_view text, std::string_view prefix) {
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    auto line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    os << prefix << line << "\n";
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

std::string cell(const counts& c) {
  if (c.pass + c.fail + c.skip == 0) return "-";
  return std::to_string(c.pass) + "/" + std::to_string(c.fail) + "/" + std::to_string(c.skip);
}

}  // namespace text_detail

std::string render_text(const suite_result& result, const device_facts& device) {
  using namespace text_detail;
  std::ostringstream os;
  os << "device: " << device.location.buffer();
  if (device.igd_version) os << " (IGD:" << device.igd_version << ")";
  os << "\n";
  if (result.prepare_error) {
    os << "not tested: " << result.prepare_error.message() << "\n";
    return os.str();
  }
  for (const auto& r : result.results) {
    os << std::left << std::setw(5) << upper(to_string(r.outcome)) << " " << std::setw(6) << to_string(r.info->level) << " "
       << std::setw(38) << r.info->id << " " << r.info->title << "\n";
    if (r.outcome == verdict::pass) continue;
    if (!r.message.empty()) indent(os, r.message, "      ");
    for (const auto& e : r.evidence) {
      indent(os, e.request, "      > ");
      if (!e.response.empty()) indent(os, e.response, "      < ");
      if (!e.error.empty()) indent(os, e.error, "      ! ");
    }
  }
  os << "\npass/fail/skip   must        should      quirk\n";
  for (auto g : all_groups) {
    auto all = count(result.results, g);
    if (all.pass + all.fail + all.skip == 0) continue;
    os << std::left << std::setw(16) << to_string(g) << " " << std::setw(11) << cell(count(result.results, g, severity::must))
       << " " << std::setw(11) << cell(count(result.results, g, severity::should)) << " "
       << cell(count(result.results, g, severity::quirk)) << "\n";
  }
  auto total = count(result.results);
  os << "total: " << total.pass << " passed, " << total.fail << " failed (" << total.must_failed << " must), " << total.skip
     << " skipped";
  if (result.interrupted) os << "; interrupted";
  if (result.cleanup_failures) os << "; " << result.cleanup_failures << " mapping(s) could not be removed";
  os << "\n";
  return os.str();
}

std::string render_check_list() {
  std::ostringstream os;
  for (const auto& d : all_checks()) {
    os << std::left << std::setw(38) << d.info.id << " " << std::setw(6) << to_string(d.info.level) << " " << d.info.title
       << " [" << d.info.spec << "]" << (d.info.destructive ? " (--destructive)" : "") << "\n";
  }
  os << all_checks().size() << " checks\n";
  return os.str();
}

}  // namespace igdkit::conformance
