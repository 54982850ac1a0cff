#include "cli_options.hpp"

#include <boost/program_options.hpp>

#include <sstream>

namespace igdkit::sim::app {

namespace po = boost::program_options;

cli parse_cli(int argc, char** argv) {
  cli out;
  std::string lan = "127.0.0.1";
  unsigned ssdp_port = 0, http_port = 0, version = 2;
  std::string external_ip;

  po::options_description desc("simrouter — simulated UPnP Internet Gateway Device");
  desc.add_options()
      ("help,h", "show this help")
      ("lan", po::value(&lan)->default_value(lan), "LAN address to serve on (SSDP unicast + HTTP)")
      ("ssdp-port", po::value(&ssdp_port)->default_value(0), "UDP port for M-SEARCH (0 = ephemeral)")
      ("http-port", po::value(&http_port)->default_value(0), "TCP port for description/SOAP (0 = ephemeral)")
      ("igd-version", po::value(&version)->default_value(2), "IGD version: 1 or 2")
      ("external-ip", po::value(&external_ip), "WAN address reported by GetExternalIPAddress")
      ("no-secure-mode", "allow mappings to other LAN hosts")
      ("ready-file", po::value<std::string>(), "write {location,ssdp,http} as JSON here when ready")
      ("multicast", "join 239.255.255.250 and send NOTIFY (refused on a loopback --lan)")
      ("verbose,v", "log each HTTP request to stderr");

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

  boost::system::error_code ec;
  out.router.lan = boost::asio::ip::make_address(lan, ec);
  if (ec) out.error = "--lan: not an IP address: " + lan;
  if (ssdp_port > 65535 || http_port > 65535) out.error = "ports must be 0..65535";
  if (version != 1 && version != 2) out.error = "--igd-version must be 1 or 2";
  if (!external_ip.empty()) {
    auto ip = boost::asio::ip::make_address_v4(external_ip, ec);
    if (ec) out.error = "--external-ip: not an IPv4 address: " + external_ip;
    out.router.config.external_ip = ip;
  }
  out.router.ssdp_port = static_cast<std::uint16_t>(ssdp_port);
  out.router.http_port = static_cast<std::uint16_t>(http_port);
  out.router.config.version = version == 1 ? igd_version::v1 : igd_version::v2;
  out.router.config.secure_mode = vm.count("no-secure-mode") == 0;
  out.router.multicast = vm.count("multicast") > 0;
  if (vm.count("ready-file")) out.ready_file = vm["ready-file"].as<std::string>();
  out.verbose = vm.count("verbose") > 0;
  return out;
}

}  // namespace igdkit::sim::app
