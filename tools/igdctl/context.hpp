#pragma once
// What every igdctl command shares: global options, connecting to the IGD, argument parsing
// and the one place that turns an error into a message and an exit code.
#include "igdkit/igd/client.hpp"
#include "igdkit/igd/json.hpp"

#include <boost/json/value.hpp>
#include <boost/program_options.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace igdctl {

namespace po = boost::program_options;
namespace igd = igdkit::igd;

// Exit codes: documented in --help and relied on by scripts.
enum exit_code : int { ok = 0, local_error = 1, nothing_found = 2, router_error = 3, not_reachable = 4, nonconformant = 5 };

struct global_options {
  std::string url;        // rootDesc URL: skip discovery
  std::string unicast;    // HOST:PORT
  std::string interface;  // local address
  unsigned timeout_ms = 3000;
  bool json = false;
};

po::options_description global_options_description(global_options& g);

struct context {
  global_options global;
  std::vector<std::string> args;  // the command's own arguments
  std::string command;
};

// A command's options, with --help already in.
po::options_description command_options(const context& ctx);
// True when the arguments ask for help (--help or -h anywhere).
bool wants_help(const std::vector<std::string>& args);
// Parses ctx.args against `desc`. Returns an exit code when the command must stop (--help: ok,
// checked before any required option or value; bad option: local_error after printing why),
// nullopt to go on.
std::optional<int> parse_args(const context& ctx, const po::options_description& desc, po::variables_map& vm,
                              const po::positional_options_description* positional = nullptr);

// "HOST:PORT" with a numeric host ("[v6]:port" too); nullopt otherwise.
std::optional<boost::asio::ip::udp::endpoint> parse_host_port(std::string_view text);

// SSDP options from the globals (unicast endpoint, interface, timeout).
igdkit::result<igdkit::ssdp::search_options> search_options_from(const global_options& g);

// Opens --url or discovers; prints the failure (unless `quiet`) and returns its exit code, or ok.
int connect(const context& ctx, igd::client& client, bool quiet = false);

// Prints `ec` (UPnP errors as "Name (code): router description") and returns its exit code.
// `service` names router codes in that service's meaning (the firewall reuses 703..709).
int fail(const context& ctx, std::string_view what, std::error_code ec, const igd::diagnostics& d = {},
         igdkit::soap::error_context service = igdkit::soap::error_context::port_mapping);
int usage_error(const context& ctx, std::string_view message);

void print_json(const boost::json::value& v);

// Typed option readers: each reports a clear message on a bad value.
std::optional<std::uint16_t> port_option(const po::variables_map& vm, const char* name);
std::optional<igdkit::protocol> protocol_option(const po::variables_map& vm, const char* name = "protocol");
std::optional<boost::asio::ip::address> address_option(const po::variables_map& vm, const char* name);

// --external-port, --protocol, --remote-host: the key of one mapping (get, delete).
void add_mapping_key_options(po::options_description& desc);
std::optional<igd::mapping_key> mapping_key_option(const po::variables_map& vm);

}  // namespace igdctl
