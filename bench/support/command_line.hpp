#pragma once
// One command-line parse for every benchmark: fills `vm` from argv, or says how the program must
// stop (0 after --help, with the usage on stdout; 2 after a bad option, with the message and the
// usage on stderr).
#include <boost/program_options.hpp>

#include <iostream>
#include <optional>

namespace igdkit::bench {

inline std::optional<int> parse_or_exit_code(int argc, char** argv, const boost::program_options::options_description& d,
                                             boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  try {
    po::store(po::parse_command_line(argc, argv, d), vm);
    po::notify(vm);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n" << d;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << d;
    return 0;
  }
  return std::nullopt;
}

}  // namespace igdkit::bench
