#pragma once
// Command line of the simrouter binary -> router_options (Boost.Program_options).
#include "igdkit/result.hpp"
#include "igdkit/sim/router_options.hpp"

#include <optional>
#include <string>

namespace igdkit::sim::app {

struct cli {
  router_options router;
  std::optional<std::string> ready_file;
  bool verbose = false;
  bool help = false;
  std::string usage;  // filled when help or an error is reported
  std::string error;  // non-empty: bad command line (exit 2)
};

cli parse_cli(int argc, char** argv);

}  // namespace igdkit::sim::app
