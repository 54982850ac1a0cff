// igdctl probe-server: a port-open prober to run on a public host (docs/probe-server.md). It
// probes only the address each request comes from. Serves until SIGINT/SIGTERM.
#include "commands.hpp"

#include "igdkit/address.hpp"
#include "igdkit/igd/reach/probe_server.hpp"
#include "igdkit/text.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <iostream>

namespace igdctl {
namespace {

std::optional<boost::asio::ip::tcp::endpoint> parse_listen(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const auto port = igdkit::text::parse_decimal<std::uint16_t>(text.substr(colon + 1));
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  if (!port || ec) return std::nullopt;
  return boost::asio::ip::tcp::endpoint(address, *port);
}

}  // namespace

int run_probe_server(context& ctx) {
  namespace reach = igdkit::igd::reach;
  auto desc = command_options(ctx);
  desc.add_options()("listen", po::value<std::string>(), "ADDR:PORT to serve on (port 0: ephemeral)")  //
      ("max-probe-ms", po::value<unsigned>(), "longest probe deadline granted (default 10000, at most 10000)");
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;
  if (!vm.count("listen")) return usage_error(ctx, "--listen ADDR:PORT is required");
  const auto listen = parse_listen(vm["listen"].as<std::string>());
  if (!listen) return usage_error(ctx, "--listen must be ADDR:PORT (an IP address, [v6]:PORT for IPv6)");

  reach::probe_server_options options;
  options.listen = *listen;
  if (vm.count("max-probe-ms")) {
    const auto ms = vm["max-probe-ms"].as<unsigned>();
    if (ms == 0 || ms > reach::max_probe_timeout.count()) {
      return usage_error(ctx, "--max-probe-ms must be in 1.." + std::to_string(reach::max_probe_timeout.count()));
    }
    options.max_probe_timeout = std::chrono::milliseconds(ms);
  }

  boost::asio::io_context io;
  reach::probe_server server(io.get_executor(), options);
  if (const auto ec = server.start()) {
    std::cerr << "igdctl probe-server: cannot listen on " << igdkit::host_port(*listen) << ": " << ec.message() << "\n";
    return local_error;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.stop();
    io.stop();  // probes in flight are abandoned: the process is leaving
  });
  std::cout << "probe-server listening on " << igdkit::host_port(server.local_endpoint()) << std::endl;
  io.run();
  return ok;
}

}  // namespace igdctl
