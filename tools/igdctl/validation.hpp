#pragma once
// "Apply & Validate" for igdctl expose/validate: the two checks on one mapping (the router has
// it; it is open from outside) and how the verdict is printed.
#include "context.hpp"

#include "igdkit/igd/keeper/events.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

namespace igdctl {

struct validation_options {
  std::string prober;  // "lab:http://127.0.0.1:PORT" or a probe-server URL; empty: no port-open check
  std::string stun;    // HOST:PORT; empty: none
};

// A message when the options cannot work (bad URL, bad HOST:PORT), else nullopt.
std::optional<std::string> check_validation_options(const validation_options& o);

struct validation_report;

}  // namespace igdctl
