#pragma once
// Command line of the simrouter binary -> lab_options (Boost.Program_options). A --config file
// is read first; flags given explicitly override it.
#include "igdkit/sim/lab_options.hpp"

#include <optional>
#include <string>

namespace igdkit::sim::app {

struct cli {
  lab_options lab;
  std::optional<std::string> ready_file;
  bool verbose = false;
  bool help = false;
  bool list_profiles = false;
  std::string usage;  // filled when help or an error is reported
  std::string error;  // non-empty: bad command line or config file (exit 2)
};

cli parse_cli(int argc, char** argv);

}  // namespace igdkit::sim::app
