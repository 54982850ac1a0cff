#pragma once
// "Apply & Validate" for igdctl expose, validate and diagnose: the options, running the survey
// (igd/reach/survey.hpp) and the verdicts (diagnosis.hpp), and printing them for people or JSON.
#include "context.hpp"

#include "igdkit/igd/keeper/events.hpp"
#include "igdkit/igd/reach/diagnosis.hpp"
#include "igdkit/igd/reach/survey.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <vector>

namespace igdctl {

struct validation_options {
  std::string prober;    // "lab:http://127.0.0.1:PORT" or a probe-server URL; empty: no port-open check
  std::string stun;      // HOST:PORT; empty: none
  std::string upstream;  // an upstream IGD's description URL (double NAT); empty: none
};

// A message when the options cannot work (bad prober spec, bad HOST:PORT, bad URL), else nullopt.
std::optional<std::string> check_validation_options(const validation_options& o);

struct verdict_report {
  igd::reach::observations observed;
  igd::reach::diagnosis diagnosis;
  std::vector<igd::reach::validation_result> validations;  // one per wanted mapping
};

// Survey (on `c`, which holds the chosen gateway or none) then diagnose.
boost::asio::awaitable<verdict_report> check(igd::client& c, std::size_t gateways_answered,
                                             std::vector<igd::reach::wanted_mapping> wanted, validation_options o,
                                             std::optional<boost::asio::ip::address> local_address);

// Both checks for one mapping the keeper reported up, on a client of its own for gateway `g`.
boost::asio::awaitable<verdict_report> validate_mapping(igd::gateway g, igd::keeper::mapping_up up,
                                                        validation_options o);

// One mapping's line: "203.0.113.10:554 -> 192.168.1.20:554 TCP  reachable", then on failure
// the findings with their advice and the manual rule. JSON ("event": "validated") with --json.
void print_validation(const context& ctx, const igd::keeper::mapping_up& up, const verdict_report& r);
// The whole diagnosis: overall verdict, findings (evidence, advice), manual rules.
void print_diagnosis(const context& ctx, const verdict_report& r);

}  // namespace igdctl
