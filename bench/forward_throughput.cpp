// Throughput of the lab's data path against plain loopback, in one run:
//   TCP: a client uploads N MB to a verifying sink, directly and through a tcp_forwarder.
//   UDP: request/response datagrams to an echo server, directly and through a udp_forwarder.
// Client, forwarder and server each run on their own io_context thread, as they would in a
// lab with a separate client process. Loopback only. Exits 1 if any byte arrives wrong.
// --json prints one JSON object instead of the text (per-run rates summarised by median and p95).
#include "igdkit/sim/datapath/tcp_forwarder.hpp"
#include "igdkit/sim/datapath/udp_forwarder.hpp"

#include "support/command_line.hpp"
#include "support/stats.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using udp = asio::ip::udp;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
const auto loopback = asio::ip::make_address("127.0.0.1");
constexpr std::size_t io_chunk = 256 * 1024;

// The byte stream is `block` repeated; its odd length keeps it out of step with every buffer
// size, so a lost, repeated or misplaced chunk fails the comparison. memcmp keeps the check
// far cheaper than the transfer it verifies.
class stream_pattern {
 public:
  stream_pattern() : block_(1024 * 1024 + 7) {
    std::mt19937_64 rng(42);
    for (auto& c : block_) c = static_cast<char>(rng());
  }
  // Bytes of the stream from `offset` on, as many as are contiguous in the block (<= max).
  asio::const_buffer at(std::uint64_t offset, std::size_t max) const {
    const std::size_t start = static_cast<std::size_t>(offset % block_.size());
    return {block_.data() + start, std::min(max, block_.size() - start)};
  }
  bool matches(std::uint64_t offset, const char* data, std::size_t n) const {
    while (n > 0) {
      const auto expected = at(offset, n);
      if (std::memcmp(expected.data(), data, expected.size()) != 0) return false;
      offset += expected.size();
      data += expected.size();
      n -= expected.size();
    }
    return true;
  }

 private:
  std::vector<char> block_;
};

// One io_context on its own thread.
class worker {
 public:
  worker() : guard_(io_.get_executor()), thread_([this] { io_.run(); }) {}
  ~worker() {
    guard_.reset();
    thread_.join();
  }
  asio::any_io_executor executor() { return io_.get_executor(); }
  // Runs f() on this worker's thread and returns its result.
  template <class F>
  auto call(F f) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    asio::post(io_, [&task] { task(); });
    return result.get();
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::thread thread_;
};

// ---------------------------------------------------------------------------------------------
// TCP

struct sink_report {
  std::uint64_t bytes = 0;
  std::uint64_t verified = 0;  // 1 when every byte matched the pattern
};

asio::awaitable<void> sink_session(tcp::socket s, const stream_pattern& pattern) {
  std::vector<char> buf(io_chunk);
  sink_report report{0, 1};
  for (;;) {
    auto [ec, n] = co_await s.async_read_some(asio::buffer(buf), tuple_awaitable);
    if (n > 0 && !pattern.matches(report.bytes, buf.data(), n)) report.verified = 0;
    report.bytes += n;
    if (ec == asio::error::eof) break;
    if (ec) co_return;
  }
  co_await asio::async_write(s, asio::buffer(&report, sizeof report), tuple_awaitable);
}

asio::awaitable<void> sink_server(tcp::acceptor& acceptor, const stream_pattern& pattern) {
  for (;;) {
    auto [ec, s] = co_await acceptor.async_accept(tuple_awaitable);
    if (ec) co_return;
    asio::co_spawn(acceptor.get_executor(), sink_session(std::move(s), pattern), asio::detached);
  }
}

struct transfer_result {
  std::error_code ec;
  double seconds = 0;
  sink_report report;
};

asio::awaitable<transfer_result> upload(tcp::endpoint to, std::uint64_t total, const stream_pattern& pattern) {
  transfer_result r;
  tcp::socket s(co_await asio::this_coro::executor);
  const auto started = clock_type::now();
  auto [cec] = co_await s.async_connect(to, tuple_awaitable);
  if (cec) {
    r.ec = cec;
    co_return r;
  }
  boost::system::error_code ignored;
  s.set_option(tcp::no_delay(true), ignored);
  for (std::uint64_t sent = 0; sent < total;) {
    const auto chunk = pattern.at(sent, static_cast<std::size_t>(std::min<std::uint64_t>(io_chunk, total - sent)));
    auto [ec, n] = co_await asio::async_write(s, chunk, tuple_awaitable);
    if (ec) {
      r.ec = ec;
      co_return r;
    }
    sent += n;
  }
  s.shutdown(tcp::socket::shutdown_send, ignored);
  auto [rec, rn] = co_await asio::async_read(s, asio::buffer(&r.report, sizeof r.report), tuple_awaitable);
  r.ec = rec;
  r.seconds = std::chrono::duration<double>(clock_type::now() - started).count();
  co_return r;
}

transfer_result run_upload(worker& client, tcp::endpoint to, std::uint64_t total, const stream_pattern& pattern) {
  auto done = asio::co_spawn(client.executor(), upload(to, total, pattern), asio::use_future);
  return done.get();
}

// ---------------------------------------------------------------------------------------------
// UDP: request/response with a window of datagrams in flight; a datagram that does not come
// back within the timeout counts as lost and its slot is reused.

struct udp_result {
  std::error_code ec;
  double seconds = 0;
  std::uint64_t answered = 0, lost = 0, corrupt = 0;
};

asio::awaitable<void> udp_echo(udp::socket& s) {
  std::vector<char> buf(64 * 1024);
  udp::endpoint from;
  for (;;) {
    auto [ec, n] = co_await s.async_receive_from(asio::buffer(buf), from, tuple_awaitable);
    if (ec == asio::error::operation_aborted || !s.is_open()) co_return;
    if (ec) continue;
    co_await s.async_send_to(asio::buffer(buf.data(), n), from, tuple_awaitable);
  }
}

struct udp_run_options {
  std::uint64_t datagrams = 0;
  std::size_t size = 0;
  std::size_t window = 0;
};

asio::awaitable<udp_result> udp_exchange(udp::endpoint to, udp_run_options o, const stream_pattern& pattern) {
  udp_result r;
  auto ex = co_await asio::this_coro::executor;
  udp::socket s(ex);
  boost::system::error_code setup;
  s.open(to.protocol(), setup);
  if (!setup) s.connect(to, setup);
  if (setup) {
    r.ec = setup;
    co_return r;
  }
  asio::steady_timer timeout(ex);
  // Set while a receive is pending; the timer handler may outlive this frame, so it holds the
  // flag and touches the socket only while the flag says the frame is still waiting.
  auto receiving = std::make_shared<bool>(false);
  // Datagram i carries its number, then the pattern from offset i (checked on the way back).
  std::vector<char> out(std::max<std::size_t>(o.size, 8));
  std::vector<char> in(64 * 1024);
  std::uint64_t next = 0, outstanding = 0;
  const auto started = clock_type::now();

  while (r.answered + r.lost < o.datagrams) {
    while (outstanding < o.window && next < o.datagrams) {
      std::memcpy(out.data(), &next, 8);
      const auto body = pattern.at(next, out.size() - 8);
      std::memcpy(out.data() + 8, body.data(), body.size());
      auto [ec, n] = co_await s.async_send(asio::buffer(out.data(), 8 + body.size()), tuple_awaitable);
      if (ec) {
        r.ec = ec;
        co_return r;
      }
      ++next;
      ++outstanding;
    }
    *receiving = true;
    timeout.expires_after(std::chrono::milliseconds(200));
    timeout.async_wait([&s, receiving](boost::system::error_code ec) {
      if (!ec && *receiving) s.cancel();
    });
    auto [ec, n] = co_await s.async_receive(asio::buffer(in), tuple_awaitable);
    *receiving = false;
    timeout.cancel();
    if (ec == asio::error::operation_aborted) {
      r.lost += outstanding;
      outstanding = 0;
      continue;
    }
    if (ec) continue;  // ICMP noise
    std::uint64_t number = 0;
    if (n >= 8) std::memcpy(&number, in.data(), 8);
    const auto body = pattern.at(number, out.size() - 8);
    if (n != 8 + body.size() || number >= next || std::memcmp(in.data() + 8, body.data(), body.size()) != 0) {
      ++r.corrupt;
    }
    ++r.answered;
    if (outstanding > 0) --outstanding;
  }
  r.seconds = std::chrono::duration<double>(clock_type::now() - started).count();
  co_return r;
}

udp_result run_udp(worker& client, udp::endpoint to, udp_run_options o, const stream_pattern& pattern) {
  auto done = asio::co_spawn(client.executor(), udp_exchange(to, o, pattern), asio::use_future);
  return done.get();
}

// ---------------------------------------------------------------------------------------------

struct options {
  std::uint64_t megabytes = 256;
  int repeat = 3;
  std::uint64_t datagrams = 100000;
  std::size_t datagram_size = 1200;
  std::size_t window = 32;
  bool skip_udp = false;
  bool json = false;
};

std::optional<options> parse(int argc, char** argv) {
  namespace po = boost::program_options;
  options o;
  po::options_description d("forward_throughput: direct loopback vs the lab's forwarders");
  d.add_options()("help,h", "this text")(
      "megabytes", po::value(&o.megabytes)->default_value(o.megabytes), "TCP upload size per run (MB)")(
      "repeat", po::value(&o.repeat)->default_value(o.repeat), "runs per measurement; the best counts")(
      "datagrams", po::value(&o.datagrams)->default_value(o.datagrams), "UDP request/response pairs per run")(
      "datagram-size", po::value(&o.datagram_size)->default_value(o.datagram_size), "UDP payload bytes (8..65000)")(
      "window", po::value(&o.window)->default_value(o.window), "UDP datagrams in flight")(
      "no-udp", po::bool_switch(&o.skip_udp), "TCP only")(
      "json", po::bool_switch(&o.json), "print one JSON object");
  po::variables_map vm;
  if (const auto stop = igdkit::bench::parse_or_exit_code(argc, argv, d, vm)) {
    if (*stop == 0) std::exit(0);
    return std::nullopt;
  }
  if (o.megabytes == 0 || o.repeat < 1 || o.datagram_size < 8 || o.datagram_size > 65000 || o.window == 0) {
    std::cerr << "invalid option value\n" << d;
    return std::nullopt;
  }
  return o;
}

double best_rate(const std::vector<double>& rates) { return *std::max_element(rates.begin(), rates.end()); }

// Direct and forwarded rates of one protocol, for --json.
boost::json::object rates_json(const std::vector<double>& direct, const std::vector<double>& forwarded,
                               const char* unit) {
  const auto d = igdkit::bench::summarize(direct), f = igdkit::bench::summarize(forwarded);
  return {{"unit", unit},
          {"direct", igdkit::bench::to_json(d)},
          {"forwarded", igdkit::bench::to_json(f)},
          {"direct_best", best_rate(direct)},
          {"forwarded_best", best_rate(forwarded)},
          {"ratio", igdkit::bench::ratio(f.median, d.median)}};
}

// Returns true when every run verified its data.
bool run(const options& opts) {
  const stream_pattern pattern;
  bool ok = true;
  boost::json::object report{{"benchmark", "forward_throughput"},
                             {"tcp_megabytes", opts.megabytes},
                             {"repeat", opts.repeat},
                             {"udp_datagrams", opts.datagrams},
                             {"udp_datagram_size", opts.datagram_size}};

  worker server, forwarder, client;

  // TCP ---------------------------------------------------------------------------------------
  tcp::acceptor sink(server.executor(), tcp::endpoint(loopback, 0));
  const auto sink_endpoint = sink.local_endpoint();
  asio::co_spawn(server.executor(), sink_server(sink, pattern), asio::detached);
  auto fwd = forwarder.call([&] {
    igdkit::sim::tcp_forwarder_options fo;
    fo.target = sink_endpoint;
    auto f = std::make_unique<igdkit::sim::tcp_forwarder>(forwarder.executor(), fo);
    if (auto ec = f->start()) throw std::system_error(ec, "tcp_forwarder start");
    return f;
  });

  const std::uint64_t total = opts.megabytes * 1024 * 1024;
  const auto fwd_endpoint = forwarder.call([&] { return fwd->local_endpoint(); });
  std::vector<double> direct, forwarded;
  for (int i = 0; i < opts.repeat; ++i) {
    for (auto [to, rates] : {std::pair{sink_endpoint, &direct}, std::pair{fwd_endpoint, &forwarded}}) {
      const auto r = run_upload(client, to, total, pattern);
      if (r.ec || r.report.bytes != total || r.report.verified != 1) {
        std::cerr << "tcp run to " << to << " failed: " << (r.ec ? r.ec.message() : "data mismatch") << " ("
                  << r.report.bytes << " of " << total << " bytes)\n";
        ok = false;
        continue;
      }
      rates->push_back(static_cast<double>(total) / (1024.0 * 1024.0) / r.seconds);
    }
  }
  if (!direct.empty() && !forwarded.empty() && opts.json) report["tcp"] = rates_json(direct, forwarded, "MB/s");
  if (!direct.empty() && !forwarded.empty() && !opts.json) {
    const double d = best_rate(direct), f = best_rate(forwarded);
    std::cout << "tcp upload " << opts.megabytes << " MB x" << opts.repeat << " (best, verified)\n"
              << "  direct     " << static_cast<long>(d) << " MB/s\n"
              << "  forwarded  " << static_cast<long>(f) << " MB/s\n"
              << "  ratio forwarded/direct " << f / d << "\n";
  }
  forwarder.call([&] {
    fwd->stop();
    fwd.reset();
    return 0;
  });
  server.call([&] {
    sink.close();
    return 0;
  });

  // UDP ---------------------------------------------------------------------------------------
  if (!opts.skip_udp) {
    udp::socket echo(server.executor(), udp::endpoint(loopback, 0));
    const auto echo_endpoint = echo.local_endpoint();
    asio::co_spawn(server.executor(), udp_echo(echo), asio::detached);
    auto ufwd = forwarder.call([&] {
      igdkit::sim::udp_forwarder_options fo;
      fo.target = echo_endpoint;
      auto f = std::make_unique<igdkit::sim::udp_forwarder>(forwarder.executor(), fo);
      if (auto ec = f->start()) throw std::system_error(ec, "udp_forwarder start");
      return f;
    });
    const auto ufwd_endpoint = forwarder.call([&] { return ufwd->local_endpoint(); });
    const udp_run_options run{opts.datagrams, opts.datagram_size, opts.window};
    std::vector<double> udp_direct, udp_forwarded;
    std::uint64_t lost = 0;
    for (int i = 0; i < opts.repeat; ++i) {
      for (auto [to, rates] : {std::pair{echo_endpoint, &udp_direct},
                               std::pair{ufwd_endpoint, &udp_forwarded}}) {
        const auto r = run_udp(client, to, run, pattern);
        if (r.ec || r.corrupt != 0 || r.answered == 0) {
          std::cerr << "udp run to " << to << " failed: " << (r.ec ? r.ec.message() : "bad replies") << " ("
                    << r.corrupt << " corrupt, " << r.answered << " answered)\n";
          ok = false;
          continue;
        }
        lost += r.lost;
        rates->push_back(static_cast<double>(r.answered) / r.seconds);
      }
    }
    if (!udp_direct.empty() && !udp_forwarded.empty() && opts.json) {
      report["udp"] = rates_json(udp_direct, udp_forwarded, "datagrams/s");
      report["udp"].as_object()["lost"] = lost;
    }
    if (!udp_direct.empty() && !udp_forwarded.empty() && !opts.json) {
      const double d = best_rate(udp_direct), f = best_rate(udp_forwarded);
      std::cout << "udp echo " << opts.datagrams << " x " << opts.datagram_size << " B, window " << opts.window
                << " x" << opts.repeat << " (best, verified; " << lost << " lost in all runs)\n"
                << "  direct     " << static_cast<long>(d) << " datagrams/s\n"
                << "  forwarded  " << static_cast<long>(f) << " datagrams/s\n"
                << "  ratio forwarded/direct " << f / d << "\n";
    }
    forwarder.call([&] {
      ufwd->stop();
      ufwd.reset();
      return 0;
    });
    server.call([&] {
      echo.close();
      return 0;
    });
  }

  if (opts.json) {
    report["verified"] = ok;
    std::cout << boost::json::serialize(report) << "\n";
  } else {
    std::cout << (ok ? "verified: all data intact\n" : "FAILED: see errors above\n");
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  const auto opts = parse(argc, argv);
  if (!opts) return 2;
  try {
    return run(*opts) ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "forward_throughput: " << e.what() << "\n";
    return 1;
  }
}
