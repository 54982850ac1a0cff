#pragma once
// Caps applied to every SOAP document before and after it is parsed.
#include <cstddef>

namespace igdkit::soap {

struct xml_limits {
  std::size_t max_bytes = std::size_t{1024} * 1024;  // checked before parsing
  std::size_t max_depth = 32;           // a SOAP body needs ~5 levels; port listings are text
  std::size_t max_arguments = 64;       // largest IGD action has 8 in / 8 out arguments
};

}  // namespace igdkit::soap
