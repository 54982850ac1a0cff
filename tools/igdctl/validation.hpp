#pragma once
// "Apply & Validate" for igdctl expose and validate: options, running the two checks on one
// mapping (igd/reach/validate.hpp), and printing the verdict.
#include "context.hpp"

#include "igdkit/igd/keeper/events.hpp"
#include "igdkit/igd/reach/validate.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

namespace igdctl {

struct validation_options {
  std::string prober;  // "lab:http://127.0.0.1:PORT" or a probe-server URL; empty: no port-open check
  std::string stun;    // HOST:PORT; empty: none
};

// A message when the options cannot work (bad prober spec, bad HOST:PORT), else nullopt.
std::optional<std::string> check_validation_options(const validation_options& o);

// Both checks for a mapping the keeper reported up, on a client of its own for gateway `g`.
boost::asio::awaitable<igd::reach::validation_report> validate_mapping(igd::gateway g, igd::keeper::mapping_up up,
                                                                        validation_options o);

// "203.0.113.10:554 -> 192.168.1.20:554 TCP  reachable", or JSON with --json.
void print_report(const context& ctx, const igd::keeper::mapping_up& up, const igd::reach::validation_report& r);

}  // namespace igdctl
