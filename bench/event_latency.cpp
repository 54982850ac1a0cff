// GENA, in one run against an in-process simrouter lab on loopback:
//  1. latency from a lab change to igd::event_watch's callback, median and p95 over N changes:
//     through the admin API (POST /wan-ip, timed from sending the POST) and in process
//     (lab::set_wan_ip), against the floor measured in the same run: one loopback TCP connect +
//     a NOTIFY-sized request + a bare 200, as the sender and listener do;
//  2. how many subscriptions simrouter holds and what each costs: subscribers on 127.0.0.x
//     (32 per address, the per-source cap) until the table refuses with 503, RSS before/after.
// The router moderates at most one event per variable per second by default; the bench turns
// moderation off (min_event_interval 0) and paces its changes 15 ms apart instead, under the
// client listener's rate limit, so each change makes its own event.
#include "igdkit/gena/messages.hpp"
#include "igdkit/igd/event_watch.hpp"
#include "igdkit/sim/lab.hpp"
#include "igdkit/soap/http_client.hpp"

#include "support/run_until.hpp"
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace ev = igdkit::igd::eventing;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

struct rig {
  asio::io_context io;
  asio::steady_timer signal{io};
  template <class Pred>
  bool run_until(Pred done, std::chrono::milliseconds limit = 10s) {
    return igdkit::test::run_until(io, signal, done, limit);
  }
  igdkit::result<igdkit::soap::http_reply> send(boost::urls::url url, igdkit::http_request req,
                                                std::optional<asio::ip::address> from = {}) {
    std::optional<igdkit::result<igdkit::soap::http_reply>> out;
    igdkit::soap::http_options o{2000ms};
    o.local_address = from;
    asio::co_spawn(io, igdkit::soap::detail::http_send(std::move(url), std::move(req), o),
                   [&](std::exception_ptr, igdkit::result<igdkit::soap::http_reply> r) {
                     out = std::move(r);
                     signal.cancel();
                   });
    run_until([&] { return out.has_value(); });
    return out.value_or(make_error_code(std::errc::timed_out));
  }
};

double ms(clock_type::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct summary {
  double median = 0, p95 = 0;
};
summary summarize(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return {};
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)]};
}

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      return value;
    }
    status.ignore(4096, '\n');
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  unsigned changes = 200;
  po::options_description desc("event_latency");
  desc.add_options()("help", "this help")("changes", po::value(&changes)->default_value(200), "WAN IP changes to time");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, desc), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << desc;
    return 0;
  }

  rig r;
  igdkit::sim::lab_options lo;
  lo.stun = false;
  lo.router.events.min_event_interval = 0ms;
  igdkit::sim::lab lab(r.io.get_executor(), lo);
  if (lab.start()) return 1;
  igdkit::igd::client client(r.io.get_executor());
  std::optional<boost::system::error_code> opened;
  client.async_open(lab.description_url(), [&](boost::system::error_code ec, igdkit::igd::gateway g) {
    opened = ec;
    if (!ec) client.use(std::move(g));
  });
  if (!r.run_until([&] { return opened.has_value(); }) || *opened) return 1;

  // 1. latency
  std::optional<clock_type::time_point> heard;
  std::string expect;
  igdkit::igd::event_watch watch(r.io.get_executor(), client, igdkit::igd::event_watch::connection_service_of(*client.current()),
                                 {}, [&](const ev::report& rep) {
                                   const auto* s = std::get_if<ev::state_changed>(&rep);
                                   if (s && s->variables.external_ip && s->variables.external_ip->to_string() == expect)
                                     heard = clock_type::now();
                                   r.signal.cancel();
                                 });
  bool finished = false;
  watch.async_run([&](boost::system::error_code) { finished = true; });
  if (!r.run_until([&] { return watch.core().active(0); })) return 1;
  expect = "203.0.113.10";
  r.run_until([&] { return heard.has_value(); });
  std::vector<double> latency, via_admin;
  auto admin = lab.admin_url();
  admin.set_path("/wan-ip");
  for (unsigned i = 0; i < 2 * changes; ++i) {
    const bool over_http = i % 2 == 0;
    expect = "198.51.100." + std::to_string(1 + i % 250);
    heard.reset();
    const auto t0 = clock_type::now();
    if (over_http) {
      igdkit::http_request post{boost::beast::http::verb::post, "/wan-ip", 11};
      post.set(boost::beast::http::field::content_type, "application/json");
      post.body() = "{\"ip\": \"" + expect + "\"}";
      asio::co_spawn(r.io, igdkit::soap::detail::http_send(admin, std::move(post), {2000ms}),
                     [](std::exception_ptr, igdkit::result<igdkit::soap::http_reply>) {});
    } else {
      lab.set_wan_ip(asio::ip::make_address_v4(expect));
    }
    if (!r.run_until([&] { return heard.has_value(); }, 5s)) {
      std::cerr << "event " << i << " never arrived\n";
      return 1;
    }
    (over_http ? via_admin : latency).push_back(ms(*heard - t0));
    // Pace the changes under the client listener's NOTIFY rate limit (100/s after a burst of 64):
    // a router moderates its events; this bench switched moderation off.
    asio::steady_timer pace(r.io, t0 + 15ms);
    bool paced = false;
    pace.async_wait([&](boost::system::error_code) {
      paced = true;
      r.signal.cancel();
    });
    r.run_until([&] { return paced; });
  }
  // The floor: what one delivery cannot avoid, a fresh loopback connection carrying a NOTIFY.
  asio::ip::tcp::acceptor sink(r.io, {asio::ip::make_address("127.0.0.1"), 0});
  std::vector<double> floor;
  const auto body = igdkit::gena::build_propertyset(std::vector<igdkit::gena::property>{{"ExternalIPAddress", "198.51.100.1"}});
  boost::urls::url sink_url("http://127.0.0.1/");
  sink_url.set_port_number(sink.local_endpoint().port());
  std::function<void()> serve = [&] {
    sink.async_accept([&](boost::system::error_code ec, asio::ip::tcp::socket s) {
      if (ec) return;
      auto sock = std::make_shared<asio::ip::tcp::socket>(std::move(s));
      auto buf = std::make_shared<std::array<char, 4096>>();
      sock->async_read_some(asio::buffer(*buf), [sock, buf](boost::system::error_code, std::size_t) {
        static const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        asio::async_write(*sock, asio::buffer(ok), [sock](boost::system::error_code, std::size_t) {});
      });
      serve();
    });
  };
  serve();
  for (unsigned i = 0; i < changes; ++i) {
    const auto t0 = clock_type::now();
    auto reply = r.send(sink_url, igdkit::gena::make_notify_request(sink_url, "uuid:x", i, body, "text/xml"));
    if (!reply) return 1;
    floor.push_back(ms(clock_type::now() - t0));
  }
  watch.stop();
  r.run_until([&] { return finished; });

  const auto l = summarize(latency), a = summarize(via_admin), f = summarize(floor);
  std::cout << "event latency (lab change -> event_watch callback), " << changes << " changes each:\n"
            << "  POST /wan-ip on the admin API: median " << a.median << " ms, p95 " << a.p95 << " ms\n"
            << "  lab::set_wan_ip in process:    median " << l.median << " ms, p95 " << l.p95 << " ms\n"
            << "  floor (loopback connect + NOTIFY + 200): median " << f.median << " ms, p95 " << f.p95 << " ms\n"
            << "  ratio median/floor " << l.median / f.median << ", p95/floor " << l.p95 / f.p95 << "\n";

  // 2. subscriptions held
  const auto url = client.current()->connection.connection.event_url.value();
  const auto before = rss_kib();
  std::size_t granted = 0, refused = 0;
  for (unsigned host = 2; host < 60 && refused == 0; ++host) {
    const auto from = asio::ip::make_address("127.0.0." + std::to_string(host));
    boost::urls::url callback("http://127.0.0." + std::to_string(host) + ":9/notify");
    for (int k = 0; k < 32; ++k) {
      auto reply = r.send(url, igdkit::gena::make_subscribe_request(url.path(), callback, 1800s), from);
      if (!reply) return 1;
      if (reply->status == 200) ++granted;
      if (reply->status == 503) ++refused;
      if (refused) break;
    }
  }
  const auto after = rss_kib();
  std::cout << "subscriptions: " << granted << " granted before the table refused with 503 ("
            << lab.home().events().size() << " held); RSS +" << (after - before) << " KiB, about "
            << (granted ? (after - before) * 1024 / static_cast<long>(granted) : 0) << " bytes per subscription\n";
  return 0;
}
