// igdctl: command-line front end to igd::client. Global options may appear before or after the
// command; everything the globals do not recognise goes to the command's own parser.
#include "commands.hpp"

#include <iostream>
#include <string_view>
#include <utility>

namespace {

using command_fn = int (*)(igdctl::context&);

constexpr std::pair<std::string_view, command_fn> commands[] = {
    {"discover", igdctl::run_discover},   {"status", igdctl::run_status},
    {"external-ip", igdctl::run_external_ip}, {"stats", igdctl::run_stats},
    {"add", igdctl::run_add},             {"add-any", igdctl::run_add_any},
    {"delete", igdctl::run_delete},       {"delete-range", igdctl::run_delete_range},
    {"get", igdctl::run_get},             {"list", igdctl::run_list},
    {"pinhole", igdctl::run_pinhole},     {"expose", igdctl::run_expose},
    {"validate", igdctl::run_validate},   {"diagnose", igdctl::run_diagnose},
    {"probe-server", igdctl::run_probe_server}, {"watch", igdctl::run_watch},
    {"conformance", igdctl::run_conformance},
};

void print_usage(const igdctl::po::options_description& globals) {
  // The list comes from the table, so a new command is listed (and its --help tested) at once.
  std::cout << "usage: igdctl [global options] COMMAND [command options]\n"
               "commands:";
  for (const auto& [name, fn] : commands) std::cout << " " << name;
  std::cout << "\n"
               "          pinhole add|update|delete|list|check\n"
               "          expose PORT[:EXTPORT]/PROTO... [--validate]   keep mappings alive until interrupted\n"
               "          validate --external-port N --protocol P   the router has it; it is open from outside\n"
               "          diagnose [PORT/PROTO...]   the NAT verdict: evidence, advice, manual rules\n"
               "          probe-server --listen ADDR:PORT [--max-probe-ms N]   (a port-open prober for a public host)\n"
               "          watch [--json]   GENA events of every service (external IP, mappings, link) as they come\n"
               "          conformance [--only GROUP]... [--junit FILE] [--destructive] [--list]   check an IGD against the specs\n"
               "          COMMAND --help shows the command's options\n"
               "exit codes: 0 ok, 1 local error, 2 nothing found, 3 router error, 4 not reachable from the Internet,\n"
               "            5 not conformant (a must-check failed)\n"
            << globals;
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = igdctl::po;
  igdctl::context ctx;
  auto globals = igdctl::global_options_description(ctx.global);
  po::options_description hidden;
  std::string command;
  std::vector<std::string> rest;
  hidden.add_options()("command", po::value(&command))("rest", po::value(&rest));
  po::options_description all;
  all.add(globals).add(hidden);
  po::positional_options_description pos;
  pos.add("command", 1).add("rest", -1);
  po::variables_map vm;
  try {
    auto parsed = po::command_line_parser(argc, argv).options(all).positional(pos).allow_unregistered().run();
    po::store(parsed, vm);
    po::notify(vm);
    ctx.args = po::collect_unrecognized(parsed.options, po::include_positional);
  } catch (const po::error& e) {
    std::cerr << "igdctl: " << e.what() << "\n";
    return igdctl::local_error;
  }
  if (command.empty()) {
    print_usage(globals);
    return vm.count("help") ? igdctl::ok : igdctl::local_error;
  }
  if (!ctx.args.empty() && ctx.args.front() == command) ctx.args.erase(ctx.args.begin());
  if (vm.count("help")) ctx.args.emplace_back("--help");
  ctx.command = command;
  for (const auto& [name, fn] : commands) {
    if (name == command) return fn(ctx);
  }
  std::cerr << "igdctl: unknown command '" << command << "' (try --help)\n";
  return igdctl::local_error;
}
