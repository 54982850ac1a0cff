#include "bad_input_manifest.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace igdkit::robustness {

std::optional<std::string> bad_case::param(const std::string& key) const {
  const auto it = params.find(key);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

std::string bad_case::param_or(const std::string& key, std::string fallback) const {
  return param(key).value_or(std::move(fallback));
}

std::string bad_case::identity() const {
  std::string id = parser + " " + input;
  for (const auto& [k, v] : params) id.append(" ").append(k).append("=").append(v);
  return id;
}

std::ostream& operator<<(std::ostream& out, const bad_case& c) {
  return out << "manifest line " << c.line << ": " << c.identity() << " -> " << c.expected;
}

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<bad_case> read_manifest(const std::filesystem::path& file) {
  std::istringstream text(read_bytes(file));
  std::vector<bad_case> cases;
  int number = 0;
  for (std::string line; std::getline(text, line);) {
    ++number;
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> columns;
    std::size_t start = 0;
    for (auto tab = line.find('\t'); tab != std::string::npos; tab = line.find('\t', start)) {
      columns.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    columns.push_back(line.substr(start));
    if (columns.size() < 3 || columns[0].empty() || columns[1].empty() || columns[2].empty())
      throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": need parser, input and expected error");
    bad_case c{columns[0], columns[1], columns[2], {}, number};
    for (std::size_t i = 3; i < columns.size(); ++i) {
      const auto eq = columns[i].find('=');
      if (eq == std::string::npos || eq == 0)
        throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": '" + columns[i] + "' is not key=value");
      c.params[columns[i].substr(0, eq)] = columns[i].substr(eq + 1);
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace igdkit::robustness
