// The floor of discovery on loopback: one UDP request/response (an M-SEARCH and its answer) then
// one TCP connect + request + response (the GET of the root description), each of the sizes
// given, against canned servers on their own thread that do nothing but answer. A discovering
// client does at least this much; anything above it is the client's and the router's.
#include "support/command_line.hpp"
#include "support/canned_server.hpp"
#include "support/io_thread.hpp"
#include "support/stats.hpp"

#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace bench = igdkit::bench;

struct sizes {
  std::size_t search = 130, answer = 330, get = 120, description = 4000;
};

// One UDP exchange then one TCP exchange; false if anything did not arrive in full within 1 s.
bool discover_once(asio::io_context& io, const asio::ip::udp::endpoint& ssdp, const asio::ip::tcp::endpoint& http,
                   const sizes& s) {
  asio::ip::udp::socket socket(io, asio::ip::udp::endpoint(asio::ip::udp::v4(), 0));
  const std::string search(s.search, 'M');
  socket.send_to(asio::buffer(search), ssdp);
  std::vector<char> answer(s.answer + 1);
  // A loopback datagram is not lost in practice; the timeout only keeps a broken run bounded.
  const timeval one_second{1, 0};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &one_second, sizeof one_second);
  boost::system::error_code ec;
  const auto n = socket.receive(asio::buffer(answer), 0, ec);
  if (ec || n != s.answer) return false;
  return bench::canned_tcp_exchange(io, http, std::string(s.get, 'G'), s.description);
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  sizes s;
  unsigned repeats = 200;
  bool json = false;
  po::options_description d("discovery_floor: one UDP and one TCP exchange of discovery's sizes on loopback");
  d.add_options()("help,h", "this text")                                                                //
      ("repeats", po::value(&repeats)->default_value(repeats), "timed repeats")                          //
      ("search-bytes", po::value(&s.search)->default_value(s.search), "M-SEARCH size")                  //
      ("answer-bytes", po::value(&s.answer)->default_value(s.answer), "search answer size")             //
      ("get-bytes", po::value(&s.get)->default_value(s.get), "description GET request size")           //
      ("description-bytes", po::value(&s.description)->default_value(s.description), "description response size")  //
      ("json", po::bool_switch(&json), "print one JSON object");
  po::variables_map vm;
  if (const auto stop = bench::parse_or_exit_code(argc, argv, d, vm)) return *stop;
  if (repeats == 0 || s.search == 0 || s.answer == 0 || s.answer > 65000 || s.get == 0 || s.description == 0) {
    std::cerr << "discovery_floor: sizes and repeats must be positive (datagrams up to 65000 bytes)\n";
    return 2;
  }
  bench::io_thread server_thread;
  auto servers = server_thread.call([&] {
    return std::make_pair(std::make_unique<bench::canned_udp_server>(server_thread.executor(), s.answer),
                          std::make_unique<bench::canned_tcp_server>(server_thread.executor(), s.get, s.description));
  });
  const auto ssdp = servers.first->endpoint();
  const auto http = servers.second->endpoint();
  asio::io_context io;
  std::vector<double> ms;
  bool ok = true;
  for (unsigned i = 0; i < repeats && ok; ++i) {
    const auto started = bench::clock_type::now();
    ok = discover_once(io, ssdp, http, s);
    ms.push_back(bench::milliseconds_since(started));
  }
  server_thread.call([&] {
    servers.first->close();
    servers.second->close();
    servers.first.reset();
    servers.second.reset();
    return 0;
  });
  if (!ok) {
    std::cerr << "discovery_floor: an exchange did not complete\n";
    return 1;
  }
  const auto summary = bench::summarize(ms);
  if (json) {
    std::cout << boost::json::serialize(boost::json::object{{"benchmark", "discovery_floor"},
                                                            {"search_bytes", s.search},
                                                            {"answer_bytes", s.answer},
                                                            {"get_bytes", s.get},
                                                            {"description_bytes", s.description},
                                                            {"exchange_ms", bench::to_json(summary)}})
              << "\n";
  } else {
    std::cout << "discovery floor: median " << summary.median << " ms, p95 " << summary.p95 << " ms\n";
  }
  return 0;
}
