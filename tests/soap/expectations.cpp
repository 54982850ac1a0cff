#include "expectations.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace soap_test {
using igdkit::soap::errc;

std::optional<std::string> expectation::get(const std::string& key) const {
  auto it = fields.find(key);
  if (it == fields.end()) return std::nullopt;
  return it->second;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

expectation read_expectation(const std::filesystem::path& path) {
  expectation out;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) throw std::runtime_error("bad sidecar line in " + path.string() + ": " + line);
    auto key = line.substr(0, eq);
    auto value = line.substr(eq + 1);
    if (key.starts_with("arg.")) out.arguments.emplace_back(key.substr(4), value);
    else out.fields[key] = value;
  }
  return out;
}

std::optional<errc> errc_from_name(const std::string& name) {
  static const std::map<std::string, errc> names = {
      {"xml_malformed", errc::xml_malformed},
      {"xml_too_large", errc::xml_too_large},
      {"xml_too_deep", errc::xml_too_deep},
      {"not_a_soap_envelope", errc::not_a_soap_envelope},
      {"no_body", errc::no_body},
      {"response_element_missing", errc::response_element_missing},
      {"unexpected_action", errc::unexpected_action},
      {"fault_without_upnp_error", errc::fault_without_upnp_error},
      {"invalid_error_code", errc::invalid_error_code},
      {"too_many_arguments", errc::too_many_arguments},
      {"missing_soapaction", errc::missing_soapaction},
      {"bad_soapaction", errc::bad_soapaction},
  };
  auto it = names.find(name);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

std::vector<std::filesystem::path> fixture_bodies(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto& p = entry.path();
    if (p.extension() != ".xml") continue;
    auto sidecar = p;
    sidecar.replace_extension(".expect");
    if (std::filesystem::exists(sidecar)) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace soap_test
