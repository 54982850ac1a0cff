#pragma once
// igdctl expose's mapping arguments: "PORT[:EXTPORT]/PROTO", e.g. "554/tcp", "80:8080/TCP".
#include "igdkit/igd/keeper/desired_mapping.hpp"
#include "igdkit/result.hpp"

#include <string>
#include <string_view>

namespace igdctl {

// The label is the argument as written in canonical form ("554/TCP", "80:8080/TCP"). On a bad
// argument, *why says what is wrong with it.
igdkit::result<igdkit::igd::keeper::desired_mapping> parse_expose_spec(std::string_view text, std::string* why);

}  // namespace igdctl
