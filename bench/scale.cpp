// How an IGD's mapping table scales: fills it step by step (TCP ports 1..65535, then UDP) with
// keep-alive clients and, at each size, times single operations on one keep-alive connection:
// GetSpecificPortMappingEntry, GetGenericPortMappingEntry, DeletePortMapping and the
// AddPortMapping that puts the entry back, and a 1000-entry GetListOfPortMappings page (IGD:2).
// With --pid it reads the server's VmRSS before the fill and at each size, for bytes per mapping.
// The fill stops at its time cap or after repeated refusals, and the figures then say how far it
// got: a table limit is a result, not a failure.
#include "support/command_line.hpp"
#include "support/igd_requests.hpp"
#include "support/process_memory.hpp"
#include "support/soap_target.hpp"
#include "support/stats.hpp"

#include "igdkit/soap/response.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <cmath>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace bench = igdkit::bench;
namespace igd = igdkit::igd;
using bench::clock_type;
using igdkit::protocol;

constexpr std::uint64_t largest_table = 2 * 65535;

struct options {
  std::string url, pid, label;
  std::vector<std::uint64_t> sizes{1000, 10000};
  unsigned samples = 200, list_samples = 20, fill_clients = 8;
  double max_fill_seconds = 120;
  // 0: every mapping goes to the benchmark's own address (secure mode). N: internal clients
  // 127.a.b.1 holding N mappings each, for a router that caps mappings per client.
  unsigned per_client = 0;
  unsigned first_port = 1;  // miniupnpd's usual rules allow 1024 and up only
  bool json = false;
  std::uint64_t ports_per_protocol() const { return 65536 - first_port; }
};

// Mapping i of the fill order: every port from first_port up for TCP, then the same for UDP.
std::uint16_t port_of(std::uint64_t i, const options& o) {
  return static_cast<std::uint16_t>(o.first_port + i % o.ports_per_protocol());
}
protocol protocol_of(std::uint64_t i, const options& o) {
  return i < o.ports_per_protocol() ? protocol::tcp : protocol::udp;
}

asio::ip::address internal_client_of(std::uint64_t i, const options& o, const asio::ip::address& own) {
  if (o.per_client == 0) return own;
  const auto client = i / o.per_client;
  return asio::ip::address_v4(static_cast<asio::ip::address_v4::uint_type>((127u << 24) | ((client & 0xFFFF) << 8) | 1u));
}

struct fill_state {
  // Mapping `next` is the next to add; `added` counts the successes (a refused one leaves a hole).
  std::uint64_t next = 0, added = 0, target = 0, errors = 0;
  clock_type::time_point deadline;
  std::string first_error;
  bool stopped() const { return errors >= 100 || clock_type::now() >= deadline; }
};

std::string describe(const bench::exchange& e) {
  return e.ec ? e.ec.message() : "HTTP " + std::to_string(e.status) + ": " + e.body.substr(0, 300);
}

asio::awaitable<void> fill_worker(bench::soap_target target, const options& o, fill_state& fill) {
  bench::soap_session session(co_await asio::this_coro::executor, std::move(target), std::chrono::seconds(10));
  if (auto ec = co_await session.ensure_connected()) {
    fill.errors = 100;
    fill.first_error = "connect: " + ec.message();
    co_return;
  }
  const auto own = session.local_address();
  while (fill.next < fill.target && !fill.stopped()) {
    const auto i = fill.next++;
    const auto answer = co_await session.call(bench::request_for<igd::add_port_mapping>(
        session, bench::mapping_to(internal_client_of(i, o, own), port_of(i, o), protocol_of(i, o))));
    if (answer.ec || answer.status != 200) {
      ++fill.errors;
      if (fill.first_error.empty()) fill.first_error = describe(answer);
    } else {
      ++fill.added;
    }
  }
}

struct op_samples {
  std::vector<double> get_specific, get_generic, remove, re_add, list;
  std::uint64_t errors = 0;
  std::size_t list_entries = 0;
  std::string first_error;
};

// Times `request` on `session`; a non-200 answer counts as an error, not as a sample.
asio::awaitable<std::optional<bench::exchange>> timed(bench::soap_session& session,
                                                      const bench::http::request<bench::http::string_body>& request,
                                                      std::vector<double>& into, op_samples& out) {
  const auto started = clock_type::now();
  auto answer = co_await session.call(request);
  const double ms = bench::milliseconds_since(started);
  if (answer.ec || answer.status != 200) {
    ++out.errors;
    if (out.first_error.empty()) out.first_error = describe(answer);
    co_return std::nullopt;
  }
  into.push_back(ms);
  co_return answer;
}

std::size_t count_listing(const std::string& body) {
  auto response = igdkit::soap::parse_response(body, "GetListOfPortMappings", {.max_bytes = std::size_t{16} << 20});
  if (!response) return 0;
  const auto listing = igdkit::soap::find_argument(response->arguments, "NewPortListing");
  if (!listing) return 0;
  auto entries = igd::parse_port_listing(*listing);
  return entries ? entries->size() : 0;
}

asio::awaitable<void> measure(bench::soap_target target, const options& o, std::uint64_t size, bool has_listing,
                              op_samples& out) {
  bench::soap_session session(co_await asio::this_coro::executor, std::move(target), std::chrono::seconds(10));
  if (auto ec = co_await session.ensure_connected()) {
    out.first_error = "connect: " + ec.message();
    co_return;
  }
  const auto own = session.local_address();
  std::mt19937_64 rng(size);  // the same entries every run
  std::uniform_int_distribution<std::uint64_t> any_entry(0, size - 1);
  // NewPortMappingIndex is a ui2: a table over 65536 entries cannot be enumerated past that.
  std::uniform_int_distribution<std::uint64_t> any_index(0, std::min<std::uint64_t>(size, 65536) - 1);
  for (unsigned k = 0; k < o.samples; ++k) {
    const auto i = any_entry(rng);
    co_await timed(session,
                   bench::request_for<igd::get_specific_port_mapping_entry>(
                       session, bench::mapping_key(port_of(i, o), protocol_of(i, o))),
                   out.get_specific, out);
    const auto index = static_cast<std::uint16_t>(any_index(rng));
    co_await timed(session, bench::request_for<igd::get_generic_port_mapping_entry>(session, {.index = index}),
                   out.get_generic, out);
    const auto j = any_entry(rng);
    co_await timed(session,
                   bench::request_for<igd::delete_port_mapping>(session, bench::mapping_key(port_of(j, o), protocol_of(j, o))),
                   out.remove, out);
    co_await timed(session,
                   bench::request_for<igd::add_port_mapping>(
                       session, bench::mapping_to(internal_client_of(j, o, own), port_of(j, o), protocol_of(j, o))),
                   out.re_add, out);
  }
  if (!has_listing) co_return;
  const auto tcp_filled = std::min<std::uint64_t>(size, o.ports_per_protocol());
  std::uniform_int_distribution<std::uint64_t> any_start(o.first_port,
                                                         o.first_port + (tcp_filled > 1000 ? tcp_filled - 1000 : 0));
  for (unsigned k = 0; k < o.list_samples; ++k) {
    const igd::get_list_of_port_mappings_request page{.start_port = static_cast<std::uint16_t>(any_start(rng)),
                                                      .end_port = 65535,
                                                      .protocol = protocol::tcp,
                                                      .manage = true,
                                                      .number_of_ports = 1000};
    auto answer =
        co_await timed(session, bench::request_for<igd::get_list_of_port_mappings>(session, page), out.list, out);
    if (answer && k == 0) out.list_entries = count_listing(answer->body);
  }
}

template <class Coroutine>
void run_to_end(Coroutine&& c) {
  asio::io_context io;
  asio::co_spawn(io, std::forward<Coroutine>(c), asio::detached);
  io.run();
}

boost::json::object run(const bench::soap_target& target, const options& o) {
  const bool has_listing = target.service_type.ends_with(":2");
  const long rss_base = o.pid.empty() ? 0 : bench::resident_kib(o.pid);
  fill_state fill;
  fill.deadline = clock_type::now() + std::chrono::duration_cast<clock_type::duration>(
                                          std::chrono::duration<double>(o.max_fill_seconds));
  boost::json::array steps;
  std::string stopped;
  for (const auto size : o.sizes) {
    const auto before = fill.added;
    const auto fill_started = clock_type::now();
    fill.target = size;
    {
      asio::io_context io;
      for (unsigned c = 0; c < o.fill_clients; ++c) asio::co_spawn(io, fill_worker(target, o, fill), asio::detached);
      io.run();
    }
    const double fill_seconds = std::chrono::duration<double>(clock_type::now() - fill_started).count();
    const auto reached = fill.added;
    if (reached < size) {
      stopped = fill.errors >= 100 ? "refused after " + std::to_string(reached) + " mappings: " + fill.first_error
                                   : "fill time cap (" + std::to_string(std::lround(o.max_fill_seconds)) +
                                         " s) at " + std::to_string(reached) + " mappings";
    }
    if (reached == 0) break;
    const long rss = o.pid.empty() ? 0 : bench::resident_kib(o.pid);
    op_samples samples;
    run_to_end(measure(target, o, fill.next, has_listing, samples));
    boost::json::object step{
        {"target", size},
        {"reached", reached},
        {"fill_seconds", fill_seconds},
        {"fill_per_s", fill_seconds > 0 ? static_cast<double>(reached - before) / fill_seconds : 0},
        {"fill_errors", fill.errors},
        {"get_specific_ms", bench::to_json(bench::summarize(samples.get_specific))},
        {"get_generic_ms", bench::to_json(bench::summarize(samples.get_generic))},
        {"delete_ms", bench::to_json(bench::summarize(samples.remove))},
        {"add_ms", bench::to_json(bench::summarize(samples.re_add))},
        {"errors", samples.errors}};
    if (has_listing) {
      step["list_1000_ms"] = bench::to_json(bench::summarize(samples.list));
      step["list_entries"] = samples.list_entries;
    }
    if (!samples.first_error.empty()) step["first_error"] = samples.first_error;
    if (!o.pid.empty()) {
      step["rss_kib"] = rss;
      step["bytes_per_mapping"] = static_cast<double>(rss - rss_base) * 1024.0 / static_cast<double>(reached);
    }
    if (!o.json) std::cout << boost::json::serialize(step) << "\n";
    steps.push_back(std::move(step));
    if (!stopped.empty()) break;
  }
  boost::json::object out{{"benchmark", "scale"},
                          {"label", o.label},
                          {"service_type", target.service_type},
                          {"rss_base_kib", rss_base},
                          {"sizes", std::move(steps)}};
  if (!has_listing) out["list_skipped"] = "GetListOfPortMappings is IGD:2 only; the service is " + target.service_type;
  if (!stopped.empty()) out["stopped"] = stopped;
  return out;
}

std::optional<options> parse(int argc, char** argv) {
  namespace po = boost::program_options;
  options o;
  po::options_description d("scale: per-operation cost of an IGD as its mapping table grows");
  d.add_options()("help,h", "this text")                                                              //
      ("url", po::value(&o.url), "root description URL")                                              //
      ("sizes", po::value(&o.sizes)->multitoken(), "table sizes to measure at, ascending (max 131070)")  //
      ("samples", po::value(&o.samples)->default_value(o.samples), "samples per single-entry operation")  //
      ("list-samples", po::value(&o.list_samples)->default_value(o.list_samples), "1000-entry pages timed")  //
      ("fill-clients", po::value(&o.fill_clients)->default_value(o.fill_clients), "concurrent fill connections")  //
      ("max-fill-seconds", po::value(&o.max_fill_seconds)->default_value(o.max_fill_seconds), "fill time cap, all sizes")  //
      ("per-client", po::value(&o.per_client)->default_value(0), "mappings per internal client 127.a.b.1 (0: own address)")  //
      ("first-port", po::value(&o.first_port)->default_value(o.first_port), "lowest external port of the fill")  //
      ("pid", po::value(&o.pid), "server process whose VmRSS to read")                                //
      ("label", po::value(&o.label), "copied into the output (the lab mode)")                         //
      ("json", po::bool_switch(&o.json), "print one JSON object");
  po::variables_map vm;
  if (const auto stop = bench::parse_or_exit_code(argc, argv, d, vm)) {
    if (*stop == 0) std::exit(0);
    return std::nullopt;
  }
  const bool ascending = std::is_sorted(o.sizes.begin(), o.sizes.end());
  if (o.url.empty() || o.sizes.empty() || !ascending || o.sizes.front() == 0 || o.first_port == 0 || o.first_port > 65535 ||
      o.sizes.back() > 2 * o.ports_per_protocol() ||
      o.samples == 0 || o.fill_clients == 0 || o.max_fill_seconds <= 0) {
    std::cerr << "give --url and ascending --sizes in 1.." << largest_table << " (two protocols from --first-port)\n" << d;
    return std::nullopt;
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const auto o = parse(argc, argv);
  if (!o) return 2;
  try {
    std::string why;
    const auto target = bench::target_from_description(o->url, &why);
    if (!target) {
      std::cerr << "scale: " << why << "\n";
      return 1;
    }
    const auto out = run(*target, *o);
    if (o->json) std::cout << boost::json::serialize(out) << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "scale: " << e.what() << "\n";
    return 1;
  }
}
