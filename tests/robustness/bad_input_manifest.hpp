#pragma once
// fixtures/bad-input/manifest.tsv: one malformed input per line, the parser it is for, and the exact
// error that parser must give. Format and vocabulary: fixtures/bad-input/README.md.
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace igdkit::robustness {

struct bad_case {
  std::string parser;    // ssdp, soap_request, soap_response, description, port_listing, simrouter_http, http_response
  std::string input;     // path relative to the fixtures directory
  std::string expected;  // what run_parser() must report (see bad_input_parsers.hpp)
  std::map<std::string, std::string> params;  // key=value columns after the expectation
  int line = 0;          // in the manifest, for messages

  std::optional<std::string> param(const std::string& key) const;
  std::string param_or(const std::string& key, std::string fallback) const;
  // parser + input + params: two lines with the same identity are one case written twice.
  std::string identity() const;
};

std::ostream& operator<<(std::ostream& out, const bad_case& c);

// Throws std::runtime_error (with the line number) on a line it cannot read.
std::vector<bad_case> read_manifest(const std::filesystem::path& file);

std::string read_bytes(const std::filesystem::path& file);

}  // namespace igdkit::robustness
