// igdctl conformance: runs the conformance suite (igdkit::conformance) against one IGD and
// reports per check: a table on stdout, --json [FILE] (stdout without FILE), --junit FILE.
// SIGINT ends the run after the current check; the suite's mappings are removed either way.
#include "commands.hpp"

#include "igdkit/conformance/report.hpp"
#include "igdkit/conformance/suite.hpp"
#include "igdkit/url_parse.hpp"

#include <boost/json/serialize.hpp>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>

namespace igdctl {
namespace conformance = igdkit::conformance;

namespace {

std::atomic<bool> interrupted{false};
extern "C" void on_interrupt(int) { interrupted.store(true); }

void catch_interrupts() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C ends the program at once
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) std::cerr << "igdctl conformance: cannot write " << path << "\n";
  return static_cast<bool>(out);
}

}  // namespace

int run_conformance(context& ctx) {
  auto desc = command_options(ctx);
  std::string version = "auto", junit, json_file;
  std::vector<std::string> only;
  unsigned window_ms = 1000;
  desc.add_options()("igd-version", po::value(&version)->default_value("auto"), "auto, 1 or 2: the version to hold the device to")
      ("only", po::value(&only)->composing(), "run only this group (repeatable): ssdp description soap wanip wancommon firewall gena security")
      ("destructive", "also run checks that may touch mappings the suite did not create (DeletePortMappingRange, full table)")
      ("list", "list the checks and exit")
      ("junit", po::value(&junit), "write JUnit XML to FILE")
      ("json-file", po::value(&json_file), "with the global --json: write the JSON report to FILE instead of stdout")
      ("wan-side", "run from the device's WAN side (a lab's WAN host; --url/--unicast name its WAN address): check only that it is closed there")
      ("ssdp-window", po::value(&window_ms)->default_value(1000), "ms to collect SSDP answers per search");
  po::positional_options_description pos;
  pos.add("json-file", 1);  // `--json FILE`: the global switch leaves FILE to the command
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm, &pos)) return *stop;
  if (vm.count("list")) {
    std::cout << conformance::render_check_list();
    return ok;
  }
  if (!json_file.empty() && !ctx.global.json) return usage_error(ctx, "a report file needs --json FILE");

  conformance::suite_options o;
  if (version == "1" || version == "2") {
    o.igd_version = static_cast<unsigned>(version[0] - '0');
  } else if (version != "auto") {
    return usage_error(ctx, "--igd-version must be auto, 1 or 2");
  }
  for (const auto& name : only) {
    conformance::group g{};
    if (!conformance::parse_group(name, g)) return usage_error(ctx, "unknown group '" + name + "' (see --list)");
    o.only.push_back(g);
  }
  o.destructive = vm.count("destructive") > 0;
  o.timeout = std::chrono::milliseconds(ctx.global.timeout_ms);
  o.ssdp_window = std::chrono::milliseconds(window_ms);
  if (!ctx.global.url.empty()) {
    auto u = igdkit::parse_absolute_url(ctx.global.url);
    if (!u) return usage_error(ctx, "--url must be an absolute http URL");
    o.location = boost::urls::url(*u);
  }
  if (!ctx.global.unicast.empty()) {
    auto ep = parse_host_port(ctx.global.unicast);
    if (!ep) return usage_error(ctx, "--unicast must be HOST:PORT with a numeric host");
    o.ssdp_endpoint = *ep;
  }
  if (!o.location && !o.ssdp_endpoint)
    return usage_error(ctx, "name the device: --url ROOTDESC or --unicast HOST:PORT (the suite never searches by multicast)");
  if (!ctx.global.interface.empty()) {
    boost::system::error_code ec;
    o.local_address = boost::asio::ip::make_address(ctx.global.interface, ec);
    if (ec) return usage_error(ctx, "--interface must be an IP address");
  }
  o.wan_side = vm.count("wan-side") > 0;
  o.stop = &interrupted;
  catch_interrupts();

  conformance::session s(o);
  auto result = conformance::run_suite(s);
  if (ctx.global.json) {
    auto text = boost::json::serialize(conformance::render_json(result, s.facts())) + "\n";
    if (json_file.empty()) std::cout << text;
    else if (!write_file(json_file, text)) return local_error;
  }
  if (!ctx.global.json || !json_file.empty()) std::cout << conformance::render_text(result, s.facts());
  if (!junit.empty() && !write_file(junit, conformance::render_junit(result, s.facts()))) return local_error;
  if (result.prepare_error) return nothing_found;
  if (result.interrupted) return local_error;  // incomplete: no verdict
  return result.conformant() ? ok : nonconformant;
}

}  // namespace igdctl
