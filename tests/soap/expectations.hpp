#pragma once
// Reads the key=value sidecars (<name>.expect) that sit next to each SOAP fixture.
#include "igdkit/soap/error.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace soap_test {

struct expectation {
  std::map<std::string, std::string> fields;                 // result, action, service_type, ...
  std::vector<std::pair<std::string, std::string>> arguments;  // arg.<Name>=<value>, in order
  std::optional<std::string> get(const std::string& key) const;
};

expectation read_expectation(const std::filesystem::path& path);
std::string read_file(const std::filesystem::path& path);

// "xml_malformed" -> errc::xml_malformed; nullopt for a name the test does not know.
std::optional<igdkit::soap::errc> errc_from_name(const std::string& name);

// Every <stem>.xml in dir that has a sidecar, sorted by name.
std::vector<std::filesystem::path> fixture_bodies(const std::filesystem::path& dir);

}  // namespace soap_test
