#pragma once
// A pure reader of SCPD documents (UDA 2.0 §2.5) for the description checks: the action list
// with each argument's direction and related state variable, and the state table. Element
// names are matched by local name; an error names what is missing.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::conformance {

struct scpd_argument {
  std::string name;
  std::string direction;  // as written: "in" / "out"
  std::string related;    // relatedStateVariable
};

struct scpd_action {
  std::string name;
  std::vector<scpd_argument> arguments;
};

struct scpd_variable {
  std::string name;
  std::string data_type;
  std::string send_events;  // as written: "yes" / "no" / "" (absent: yes by UDA 1.0's default)
};

struct scpd_document {
  std::string root_namespace;  // xmlns of the root element
  std::string root_name;       // local name: "scpd"
  std::optional<std::pair<std::string, std::string>> spec_version;  // major, minor as written
  std::vector<scpd_action> actions;
  std::vector<scpd_variable> variables;

  const scpd_action* action(std::string_view name) const;
  const scpd_variable* variable(std::string_view name) const;
};

// Fails (with the parser's message) only when the text is not well-formed XML.
std::optional<scpd_document> read_scpd(std::string_view xml, std::string* error = nullptr);

}  // namespace igdkit::conformance
