// simrouter: a simulated UPnP IGD on a LAN address (loopback by default). Prints one ready line,
// optionally writes a ready file, and runs until SIGINT/SIGTERM, then says byebye and exits 0.
#include "cli_options.hpp"
#include "ready_file.hpp"

#include "igdkit/sim/router.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <iostream>
#include <string>

namespace {

using namespace igdkit::sim;

template <class Endpoint>
std::string host_port(const Endpoint& ep) {
  const auto a = ep.address();
  const std::string host = a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
  return host + ":" + std::to_string(ep.port());
}

void log_request(const boost::asio::ip::address& peer, const http_request& req, const http_response& res) {
  std::cerr << peer.to_string() << " " << req.method_string() << " " << req.target() << " -> "
            << res.result_int() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  auto cli = app::parse_cli(argc, argv);
  if (cli.help) {
    std::cout << cli.usage;
    return 0;
  }
  if (!cli.error.empty()) {
    std::cerr << "simrouter: " << cli.error << "\n" << cli.usage;
    return 2;
  }
  if (cli.router.multicast && cli.router.lan.is_loopback())
    std::cerr << "simrouter: --multicast ignored on a loopback LAN address\n";
  if (cli.verbose) cli.router.on_request = &log_request;

  boost::asio::io_context io;
  router r(io.get_executor(), cli.router);
  if (auto ec = r.start()) {
    std::cerr << "simrouter: cannot start: " << ec.message() << "\n";
    return 1;
  }

  const app::ready_info info{std::string(r.description_url().buffer()), host_port(r.ssdp_endpoint()),
                             host_port(r.http_endpoint())};
  if (cli.ready_file) {
    if (auto ec = app::write_ready_file(*cli.ready_file, info)) {
      std::cerr << "simrouter: cannot write ready file: " << ec.message() << "\n";
      return 1;
    }
  }
  std::cout << app::ready_line(info) << std::endl;  // endl: harnesses wait for this line

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    r.async_stop([](std::error_code, bool) {});
  });
  io.run();
  return 0;
}
