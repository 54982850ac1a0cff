// One control round trip, in one process against a simrouter on its own thread (loopback):
//   igdkit's synchronous igd::client and libminiupnpc side by side, each opening the same root
//   description once, then per repeat an AddPortMapping + DeletePortMapping pair and a
//   GetExternalIPAddress; and the floor: a loopback TCP connect, igdkit's GetExternalIPAddress
//   request bytes (captured from the router) and a canned answer of the router's answer size,
//   against a server that does nothing else. Both clients use a connection per call, as the floor.
// Median and p95 over --repeats; the measurements are interleaved so that machine noise falls on
// all of them alike.
#include "support/command_line.hpp"
#include "support/canned_server.hpp"
#include "support/io_thread.hpp"
#include "support/miniupnpc_session.hpp"
#include "support/stats.hpp"

#include "igdkit/igd/client.hpp"
#include "igdkit/sim/router.hpp"

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <atomic>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace bench = igdkit::bench;
namespace igd = igdkit::igd;
namespace soap = igdkit::soap;
using bench::clock_type;

// The first GetExternalIPAddress request the router sees, as bytes, for the floor's request; and
// how many requests it has seen, to tell how many exchanges one client operation costs.
class request_capture {
 public:
  void observe(const igdkit::http_request& request) {
    ++requests_;
    const auto action = request.find("SOAPACTION");
    if (action == request.end() || action->value().find("#GetExternalIPAddress") == std::string_view::npos) return;
    std::ostringstream wire;
    wire << request;
    const std::lock_guard lock(mutex_);
    if (bytes_.empty()) bytes_ = wire.str();
  }
  std::string bytes() const {
    const std::lock_guard lock(mutex_);
    return bytes_;
  }
  std::uint64_t requests() const noexcept { return requests_; }

 private:
  std::atomic<std::uint64_t> requests_{0};
  mutable std::mutex mutex_;
  std::string bytes_;
};

// The size of the router's answer to `request` (sent as is; it asks the router to close).
std::size_t answer_size(const asio::ip::tcp::endpoint& router, const std::string& request) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect(router);
  asio::write(socket, asio::buffer(request));
  std::string answer;
  boost::system::error_code ec;
  asio::read(socket, asio::dynamic_buffer(answer), ec);
  if (ec != asio::error::eof) throw boost::system::system_error(ec, "reading the router's answer");
  return answer.size();
}

template <class Step>
void time_into(std::vector<double>& into, Step step, const char* what) {
  const auto started = clock_type::now();
  if (!step()) throw std::runtime_error(std::string(what) + " failed");
  into.push_back(bench::milliseconds_since(started));
}

struct client_timings {
  std::vector<double> add_delete, external_ip;
  boost::json::object to_json() const {
    return {{"add_delete_ms", bench::to_json(bench::summarize(add_delete))},
            {"external_ip_ms", bench::to_json(bench::summarize(external_ip))}};
  }
};

double median(const std::vector<double>& v) { return bench::summarize(v).median; }

boost::json::object run(unsigned repeats) {
  auto capture = std::make_shared<request_capture>();
  bench::io_thread server_thread;
  auto router = server_thread.call([&] {
    igdkit::sim::router_options o;
    o.on_request = [capture](const asio::ip::address&, const igdkit::http_request& req, const igdkit::http_response&) {
      capture->observe(req);
    };
    auto r = std::make_unique<igdkit::sim::router>(server_thread.executor(), std::move(o));
    if (auto ec = r->start()) throw std::system_error(ec, "router start");
    return r;
  });
  const auto url = server_thread.call([&] { return router->description_url(); });
  const auto http = server_thread.call([&] { return router->http_endpoint(); });

  igd::client client(asio::system_executor{});
  client.open(url);
  client.external_ip();  // the request the floor copies
  // The same client with HTTP keep-alive (off by default; simrouter keeps connections open).
  soap::http_options keep_alive_http;
  keep_alive_http.keep_alive = true;
  igd::client kept(asio::system_executor{}, keep_alive_http);
  kept.open(url);
  const std::string floor_request = capture->bytes();
  if (floor_request.empty()) throw std::runtime_error("no GetExternalIPAddress request seen by the router");
  const std::size_t floor_response = answer_size(http, floor_request);
  auto floor = server_thread.call([&] {
    return std::make_unique<bench::canned_tcp_server>(server_thread.executor(), floor_request.size(), floor_response);
  });
  const auto floor_endpoint = floor->endpoint();
  asio::io_context floor_client_io;

#if IGDKIT_BENCH_HAVE_MINIUPNPC
  const std::string rootdesc(url.buffer());
  bench::miniupnpc_session upnpc(rootdesc);
  if (!upnpc.opened()) throw std::runtime_error("libminiupnpc: UPNP_GetIGDFromUrl failed for " + rootdesc);
#endif

  client_timings ours, kept_alive, theirs;
  std::vector<double> floor_ms;
  igd::mapping_request mapping;
  mapping.external_port = mapping.internal_port = 40000;
  const auto igdkit_add_delete = [&] {
    const auto granted = client.add_port_mapping(mapping);
    client.delete_port_mapping({.external_port = granted.external_port, .proto = igdkit::protocol::tcp});
    return true;
  };
  // One untimed pair each, counting the HTTP requests it takes.
  boost::json::object requests_per_add_delete;
  auto before = capture->requests();
  igdkit_add_delete();
  requests_per_add_delete["igdkit"] = capture->requests() - before;
#if IGDKIT_BENCH_HAVE_MINIUPNPC
  before = capture->requests();
  if (!upnpc.add_then_delete("40001")) throw std::runtime_error("libminiupnpc add+delete failed");
  requests_per_add_delete["libminiupnpc"] = capture->requests() - before;
#endif
  const auto kept_add_delete = [&] {
    const auto granted = kept.add_port_mapping(mapping);
    kept.delete_port_mapping({.external_port = granted.external_port, .proto = igdkit::protocol::tcp});
    return true;
  };
  for (unsigned i = 0; i < repeats; ++i) {
    time_into(ours.add_delete, igdkit_add_delete, "igdkit add+delete");
    time_into(ours.external_ip, [&] { return client.external_ip().has_value(); }, "igdkit GetExternalIPAddress");
    time_into(kept_alive.add_delete, kept_add_delete, "igdkit keep-alive add+delete");
    time_into(kept_alive.external_ip, [&] { return kept.external_ip().has_value(); },
              "igdkit keep-alive GetExternalIPAddress");
#if IGDKIT_BENCH_HAVE_MINIUPNPC
    time_into(theirs.add_delete, [&] { return upnpc.add_then_delete("40001"); }, "libminiupnpc add+delete");
    time_into(theirs.external_ip, [&] { return upnpc.external_ip(); }, "libminiupnpc GetExternalIPAddress");
#endif
    time_into(floor_ms, [&] {
      return bench::canned_tcp_exchange(floor_client_io, floor_endpoint, floor_request, floor_response);
    }, "floor exchange");
  }
  server_thread.call([&] {
    floor->close();
    floor.reset();
    router->stop();
    router.reset();
    return 0;
  });

  boost::json::object out{{"benchmark", "control_round_trip"},
                          {"repeats", repeats},
                          {"request_bytes", floor_request.size()},
                          {"response_bytes", floor_response},
                          {"requests_per_add_delete", std::move(requests_per_add_delete)},
                          {"igdkit", ours.to_json()},
                          {"igdkit_keep_alive", kept_alive.to_json()},
                          {"floor", {{"exchange_ms", bench::to_json(bench::summarize(floor_ms))}}}};
  boost::json::object ratio{
      {"external_ip_igdkit_over_floor", bench::ratio(median(ours.external_ip), median(floor_ms))},
      {"external_ip_igdkit_keep_alive_over_floor", bench::ratio(median(kept_alive.external_ip), median(floor_ms))},
      {"add_delete_igdkit_over_two_floors", bench::ratio(median(ours.add_delete), 2 * median(floor_ms))}};
#if IGDKIT_BENCH_HAVE_MINIUPNPC
  out["libminiupnpc"] = theirs.to_json();
  ratio["add_delete_igdkit_over_libminiupnpc"] = bench::ratio(median(ours.add_delete), median(theirs.add_delete));
  ratio["external_ip_igdkit_over_libminiupnpc"] = bench::ratio(median(ours.external_ip), median(theirs.external_ip));
  ratio["add_delete_igdkit_keep_alive_over_libminiupnpc"] =
      bench::ratio(median(kept_alive.add_delete), median(theirs.add_delete));
  ratio["external_ip_igdkit_keep_alive_over_libminiupnpc"] =
      bench::ratio(median(kept_alive.external_ip), median(theirs.external_ip));
#else
  out["libminiupnpc"] = {{"skipped", "built without libminiupnpc (Debian libminiupnpc-dev)"}};
#endif
  out["ratio"] = std::move(ratio);
  return out;
}

void print_text(const boost::json::object& r) {
  const auto line = [](const char* label, const boost::json::value& s) {
    std::cout << "  " << label << " median " << s.at("median").as_double() << " ms, p95 " << s.at("p95").as_double()
              << " ms\n";
  };
  std::cout << "control round trip against an in-process simrouter, " << r.at("repeats").as_uint64() << " repeats\n";
  line("igdkit add+delete      ", r.at("igdkit").at("add_delete_ms"));
  line("igdkit external IP     ", r.at("igdkit").at("external_ip_ms"));
  if (r.at("libminiupnpc").as_object().contains("add_delete_ms")) {
    line("libminiupnpc add+delete", r.at("libminiupnpc").at("add_delete_ms"));
    line("libminiupnpc external  ", r.at("libminiupnpc").at("external_ip_ms"));
  } else {
    std::cout << "  libminiupnpc: " << r.at("libminiupnpc").at("skipped").as_string() << "\n";
  }
  line("floor exchange         ", r.at("floor").at("exchange_ms"));
  std::cout << "  ratios " << boost::json::serialize(r.at("ratio")) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  unsigned repeats = 200;
  bool json = false;
  po::options_description d("control_round_trip: igdkit vs libminiupnpc vs the loopback floor");
  d.add_options()("help,h", "this text")("repeats", po::value(&repeats)->default_value(repeats), "timed repeats")(
      "json", po::bool_switch(&json), "print one JSON object");
  po::variables_map vm;
  if (const auto stop = bench::parse_or_exit_code(argc, argv, d, vm)) return *stop;
  if (repeats == 0 || repeats > 100000) {
    std::cerr << "--repeats: 1..100000\n";
    return 2;
  }
  try {
    const auto result = run(repeats);
    if (json) {
      std::cout << boost::json::serialize(result) << "\n";
    } else {
      print_text(result);
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "control_round_trip: " << e.what() << "\n";
    return 1;
  }
}
