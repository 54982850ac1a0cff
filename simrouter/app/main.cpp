// simrouter: a simulated UPnP IGD and the home network around it, on a LAN address (loopback by
// default). Prints one ready line (and one line per published or withdrawn public endpoint),
// optionally writes a ready file, and runs until SIGINT/SIGTERM, then says byebye and exits 0.
#include "cli_options.hpp"
#include "ready_file.hpp"

#include "igdkit/address.hpp"
#include "igdkit/sim/lab.hpp"
#include "igdkit/sim/profiles.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <iostream>
#include <string>

namespace {

using namespace igdkit::sim;
using igdkit::host_port;

void log_request(const boost::asio::ip::address& peer, const igdkit::http_request& req, const igdkit::http_response& res) {
  std::cerr << peer.to_string() << " " << req.method_string() << " " << req.target() << " -> "
            << res.result_int() << "\n";
}

std::string route_text(const public_route& r) {
  return std::string(igdkit::to_string(r.proto)) + " " + r.public_ip.to_string() + ":" + std::to_string(r.public_port);
}

// "public TCP 203.0.113.10:8080 -> 127.0.0.1:41234 (LAN 127.0.0.1:8080)": which loopback
// endpoint stands for which virtual public address.
void print_endpoint_changes(const std::vector<public_endpoint>& opened, const std::vector<public_route>& closed) {
  for (const auto& r : closed) std::cout << "withdrawn " << route_text(r) << std::endl;
  for (const auto& e : opened)
    std::cout << "public " << route_text(e.route) << " -> "
              << host_port(boost::asio::ip::tcp::endpoint(e.loopback_address, e.loopback_port)) << " (LAN "
              << e.route.target.internal_client.to_string() << ":" << e.route.target.internal_port << ")"
              << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  auto cli = app::parse_cli(argc, argv);
  if (cli.help) {
    std::cout << cli.usage;
    return 0;
  }
  if (cli.list_profiles) {
    std::cout << describe_profiles();
    return 0;
  }
  if (!cli.error.empty()) {
    std::cerr << "simrouter: " << cli.error << "\n" << cli.usage;
    return 2;
  }
  auto& options = cli.lab;
  if (options.router.multicast && options.router.lan.is_loopback())
    std::cerr << "simrouter: --multicast ignored on the loopback --lan (IPv4)\n";
  if (options.router.multicast && options.router.lan6 && options.router.lan6->is_loopback())
    std::cerr << "simrouter: --multicast ignored on the loopback --lan6\n";
  if (cli.verbose) options.router.on_request = &log_request;
  // One line per violation as it happens; the counts per rule at exit (after io.run()).
  if (options.strict) options.on_violation = [](const strict::violation& v) { std::cerr << strict::log_line(v) << std::endl; };
  options.on_endpoints_changed = &print_endpoint_changes;

  boost::asio::io_context io;
  lab network(io.get_executor(), options);
  std::string detail;
  if (auto ec = network.start(&detail)) {
    std::cerr << "simrouter: cannot start: " << (detail.empty() ? ec.message() : detail) << "\n";
    return 1;
  }

  // The handler exists before anyone is told we are ready: a harness that sends SIGTERM right
  // after the ready line (or file) must get a clean exit 0, not death by the default action.
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    network.home().async_stop([&network](std::error_code, bool) { network.stop(); });
  });

  const auto& topology = network.options().topology;
  app::ready_info info{std::string(network.description_url().buffer()), host_port(network.ssdp_endpoint()),
                       host_port(network.home().http_endpoint()), std::string(network.admin_url().buffer()),
                       std::string(to_string(topology.mode)), topology.wan_ip.to_string(),
                       topology.public_ip.to_string(),
                       network.upstream() ? std::string(network.upstream()->description_url().buffer()) : "",
                       network.home().device_uuid(), "", "", ""};
  if (network.options().stun) info.stun = host_port(network.stun_endpoint());
  if (const auto location6 = network.home().description_url6()) {
    info.location6 = std::string(location6->buffer());
    info.ssdp6 = host_port(network.home().ssdp_endpoint6());
  }
  if (cli.ready_file) {
    if (auto ec = app::write_ready_file(*cli.ready_file, info)) {
      std::cerr << "simrouter: cannot write ready file: " << ec.message() << "\n";
      return 1;
    }
  }
  std::cout << app::ready_line(info) << std::endl;  // endl: harnesses wait for this line

  io.run();
  if (const auto* found = network.violations()) std::cerr << strict::summary(*found) << std::flush;
  return 0;
}
