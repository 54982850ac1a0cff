// Helper for netns_multicast.sh: "respond ADDR SECONDS" runs a multicast responder on ADDR;
// "search ADDR TIMEOUT_MS" multicasts from ADDR and exits 0 when the device is found.
#include "igdkit/ssdp/ssdp.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

namespace asio = boost::asio;
namespace ssdp = igdkit::ssdp;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: " << argv[0] << " respond|search ADDR SECONDS|TIMEOUT_MS\n";
    return 2;
  }
  const std::string mode = argv[1];
  boost::system::error_code ec;
  const auto addr = asio::ip::make_address_v4(argv[2], ec);
  if (ec) return 2;
  asio::io_context io;
  if (mode == "respond") {
    ssdp::responder_options o;
    o.devices.root = {"netns-root", ssdp::search_target::device("InternetGatewayDevice", 2), {}};
    o.location = boost::urls::url("http://" + addr.to_string() + ":5000/rootDesc.xml");
    o.listen = asio::ip::udp::endpoint(addr, ssdp::multicast_port);
    o.multicast_interface = addr;
    ssdp::responder r(io.get_executor(), o);
    if (auto err = r.start()) {
      std::cerr << "responder: " << err.message() << "\n";
      return 1;
    }
    std::cout << "ready" << std::endl;
    io.run_for(std::chrono::seconds(std::atoi(argv[3])));
    return 0;
  }
  ssdp::search_options o;
  o.interface_address = addr;
  o.timeout = std::chrono::milliseconds(std::atoi(argv[3]));
  o.mx = 1s;
  std::error_code result_ec;
  ssdp::search_result found;
  ssdp::async_find_first(io.get_executor(), o, [&](std::error_code e, ssdp::search_result r) {
    result_ec = e;
    found = std::move(r);
  });
  io.run();
  if (result_ec) {
    std::cerr << "search: " << result_ec.message() << "\n";
    return 1;
  }
  std::cout << "found " << found.response.usn << " at " << found.response.location.buffer() << " from "
            << found.source << " in " << found.response_time.count() << " ms\n";
  return found.response.usn.starts_with("uuid:netns-root::") ? 0 : 1;
}
