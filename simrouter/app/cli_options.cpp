#include "cli_options.hpp"

#include "igdkit/sim/config_file.hpp"
#include "igdkit/sim/device_uuid.hpp"

#include <boost/program_options.hpp>

#include <fstream>
#include <sstream>

namespace igdkit::sim::app {

namespace po = boost::program_options;
namespace ip = boost::asio::ip;

namespace {

po::options_description describe() {
  po::options_description d("simrouter — simulated UPnP Internet Gateway Device and home network lab");
  d.add_options()
      ("help,h", "show this help")
      ("config", po::value<std::string>(), "read settings from this JSON file first (flags override it)")
      ("lan", po::value<std::string>()->default_value("127.0.0.1"), "LAN address to serve on (SSDP unicast + HTTP)")
      ("lan6", po::value<std::string>(), "also serve on this IPv6 address (ULA/GUA of the LAN interface; with --multicast: ff02::c and ff05::c)")
      ("ssdp-port", po::value<unsigned>()->default_value(0), "UDP port for M-SEARCH (0 = ephemeral)")
      ("http-port", po::value<unsigned>()->default_value(0), "TCP port for description/SOAP (0 = ephemeral)")
      ("igd-version", po::value<unsigned>()->default_value(2), "IGD version: 1 or 2")
      ("mode", po::value<std::string>()->default_value("nat"), "topology: nat, cgnat, double-nat or no-nat")
      ("wan-ip", po::value<std::string>(), "the home router's WAN address (GetExternalIPAddress)")
      ("external-ip", po::value<std::string>(), "same as --wan-ip")
      ("public-ip", po::value<std::string>(), "the address the Internet sees (cgnat/double-nat)")
      ("upstream-upnp", "double-nat: the upstream router runs an IGD too")
      ("profile", po::value<std::vector<std::string>>()->composing(), "firmware profile (repeatable; see --list-profiles)")
      ("list-profiles", "list the firmware profiles and exit")
      ("admin-port", po::value<unsigned>()->default_value(0), "admin API port on 127.0.0.1 (0 = ephemeral)")
      ("no-admin", "do not serve the admin API")
      ("stun-port", po::value<unsigned>()->default_value(0), "STUN (RFC 8489) server port on 127.0.0.1, answering with the public address (0 = ephemeral)")
      ("no-stun", "do not serve the lab's STUN server")
      ("state", po::value<std::string>(), "persist the mapping tables in this file (snapshot + journal)")
      ("uuid", po::value<std::string>(), "the root device's UUID (default: random, kept in --state)")
      ("uuid-seed", po::value<std::string>(), "derive the root device's UUID from this text (reproducible)")
      ("no-secure-mode", "allow mappings to other LAN hosts")
      ("ready-file", po::value<std::string>(), "write the ready line's fields as JSON here when ready")
      ("multicast", "join 239.255.255.250 (and ff02::c, ff05::c for --lan6) and send NOTIFY (refused on loopback)")
      ("strict", "check every request (HTTP and SSDP) against the specs: each violation is logged to stderr and kept for GET /violations, counts per rule at exit; answers are unchanged")
      ("verbose,v", "log each HTTP request to stderr");
  return d;
}

bool given(const po::variables_map& vm, const char* name) { return vm.count(name) && !vm[name].defaulted(); }

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Flags given on the command line, applied over the defaults or the config file.
std::string apply_flags(const po::variables_map& vm, lab_options& o) {
  boost::system::error_code ec;
  if (vm.count("uuid") && vm.count("uuid-seed")) return "--uuid and --uuid-seed: give one of them";
  if (vm.count("uuid")) {
    const auto uuid = canonical_device_uuid(vm["uuid"].as<std::string>());
    if (!uuid) return "--uuid: not a UUID (8-4-4-4-12 hex digits): " + vm["uuid"].as<std::string>();
    o.router.layout.root_uuid = *uuid;
  }
  if (vm.count("uuid-seed")) o.router.layout.root_uuid = seeded_device_uuid(vm["uuid-seed"].as<std::string>());
  if (given(vm, "lan")) {
    o.router.lan = ip::make_address(vm["lan"].as<std::string>(), ec);
    if (ec) return "--lan: not an IP address: " + vm["lan"].as<std::string>();
  }
  if (vm.count("lan6")) {
    const auto text = vm["lan6"].as<std::string>();
    const auto a = ip::make_address_v6(text, ec);
    if (ec) return "--lan6: not an IPv6 address: " + text;
    // LOCATION names this address; a link-local URL needs a zone only the receiver knows.
    if (a.is_link_local() || a.is_multicast() || a.is_unspecified())
      return "--lan6: use a ULA or global address of the LAN interface, not " + text;
    o.router.lan6 = a;
  }
  for (const char* name : {"ssdp-port", "http-port", "admin-port", "stun-port"})
    if (given(vm, name) && vm[name].as<unsigned>() > 65535) return std::string("--") + name + " must be 0..65535";
  if (given(vm, "ssdp-port")) o.router.ssdp_port = static_cast<std::uint16_t>(vm["ssdp-port"].as<unsigned>());
  if (given(vm, "http-port")) o.router.http_port = static_cast<std::uint16_t>(vm["http-port"].as<unsigned>());
  if (given(vm, "admin-port")) o.admin_port = static_cast<std::uint16_t>(vm["admin-port"].as<unsigned>());
  if (given(vm, "stun-port")) o.stun_port = static_cast<std::uint16_t>(vm["stun-port"].as<unsigned>());
  if (given(vm, "igd-version")) {
    const auto v = vm["igd-version"].as<unsigned>();
    if (v != 1 && v != 2) return "--igd-version must be 1 or 2";
    o.router.config.version = v == 1 ? igd_version::v1 : igd_version::v2;
  }
  if (given(vm, "mode")) {
    const auto mode = parse_nat_mode(vm["mode"].as<std::string>());
    if (!mode) return "--mode must be nat, cgnat, double-nat or no-nat, not " + vm["mode"].as<std::string>();
    const bool upstream_upnp = o.topology.upstream_upnp;
    o.topology = default_topology(*mode);
    o.topology.upstream_upnp = upstream_upnp;
  }
  for (const char* name : {"external-ip", "wan-ip", "public-ip"}) {
    if (!vm.count(name)) continue;
    const auto text = vm[name].as<std::string>();
    const auto a = ip::make_address_v4(text, ec);
    if (ec) return std::string("--") + name + ": not an IPv4 address: " + text;
    if (std::string_view(name) == "public-ip") {
      o.topology.public_ip = a;
    } else {
      o.topology.wan_ip = a;
      if (o.topology.mode == nat_mode::nat || o.topology.mode == nat_mode::no_nat) o.topology.public_ip = a;
    }
  }
  if (vm.count("upstream-upnp")) o.topology.upstream_upnp = true;
  if (vm.count("profile"))
    for (const auto& p : vm["profile"].as<std::vector<std::string>>()) o.profiles.push_back(p);
  if (vm.count("no-admin")) o.admin = false;
  if (vm.count("no-stun")) o.stun = false;
  if (vm.count("state")) o.state_file = vm["state"].as<std::string>();
  if (vm.count("no-secure-mode")) o.router.config.secure_mode = false;
  if (vm.count("multicast")) o.router.multicast = true;
  if (vm.count("strict")) o.strict = true;
  return {};
}

}  // namespace

cli parse_cli(int argc, char** argv) {
  cli out;
  const auto desc = describe();
  std::ostringstream usage;
  usage << desc;
  out.usage = usage.str();

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    out.error = e.what();
    return out;
  }
  out.help = vm.count("help") > 0;
  out.list_profiles = vm.count("list-profiles") > 0;
  if (vm.count("config")) {
    const auto path = vm["config"].as<std::string>();
    const auto text = read_file(path);
    if (!text) {
      out.error = "--config " + path + ": cannot read the file";
      return out;
    }
    std::string message;
    auto parsed = parse_lab_config(*text, out.lab, &message);
    if (!parsed) {
      out.error = "--config " + path + ": " + (message.empty() ? parsed.error().message() : message);
      return out;
    }
    out.lab = std::move(*parsed);
  }
  out.error = apply_flags(vm, out.lab);
  if (vm.count("ready-file")) out.ready_file = vm["ready-file"].as<std::string>();
  out.verbose = vm.count("verbose") > 0;
  return out;
}

}  // namespace igdkit::sim::app
