// HTTP load on an IGD's control URL: K concurrent keep-alive HTTP/1.1 clients each send one
// action after another (GetExternalIPAddress, GetGenericPortMappingEntry index 0, or an
// AddPortMapping + DeletePortMapping pair on a port of their own) until the run's operation
// budget or its time is spent, whichever comes first. Reports operations and requests per second
// and the latency of one operation (median, p95). A server that closes the connection after an
// answer (no keep-alive) is reconnected to, and the reconnects are counted.
// All clients share one thread: the generator costs little next to any server it measures.
#include "support/command_line.hpp"
#include "support/igd_requests.hpp"
#include "support/soap_target.hpp"
#include "support/stats.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace bench = igdkit::bench;
namespace igd = igdkit::igd;
using bench::clock_type;

enum class workload { external_ip, generic_entry, add_delete };

std::optional<workload> parse_workload(std::string_view name) {
  if (name == "get-external-ip") return workload::external_ip;
  if (name == "get-generic-entry") return workload::generic_entry;
  if (name == "add-delete") return workload::add_delete;
  return std::nullopt;
}

struct options {
  std::string url, control_url, service_type;
  std::vector<std::string> actions{"get-external-ip"};
  std::vector<unsigned> clients{1};
  std::uint64_t max_ops = 10000;
  double max_seconds = 5;
  unsigned port_base = 20000;
  unsigned timeout_ms = 5000;
  bool json = false;
};

// One run's budget and tallies; every client coroutine runs on the same thread.
struct run_state {
  std::uint64_t ops_left = 0;
  clock_type::time_point deadline;
  std::uint64_t ops = 0, requests = 0, errors = 0, connects = 0;
  std::vector<double> latencies_ms;
  std::string first_error;

  bool may_start() const { return ops_left > 0 && clock_type::now() < deadline; }
  void fail(std::string why) {
    ++errors;
    if (first_error.empty()) first_error = std::move(why);
  }
};

std::string describe(const bench::exchange& e) {
  return e.ec ? e.ec.message() : "HTTP " + std::to_string(e.status) + ": " + e.body.substr(0, 300);
}

// Consecutive failures after which a client gives up (a dead server must not spin the budget away).
constexpr int give_up_after = 20;

asio::awaitable<void> client_loop(bench::soap_target target, workload w, std::uint16_t port,
                                  std::chrono::milliseconds timeout, run_state& run) {
  bench::soap_session session(co_await asio::this_coro::executor, std::move(target), timeout);
  if (auto ec = co_await session.ensure_connected()) {
    run.fail("connect: " + ec.message());
    co_return;
  }
  std::vector<bench::http::request<bench::http::string_body>> steps;
  switch (w) {
    case workload::external_ip:
      steps.push_back(bench::request_for<igd::get_external_ip_address>(session, {}));
      break;
    case workload::generic_entry:
      steps.push_back(bench::request_for<igd::get_generic_port_mapping_entry>(session, {.index = 0}));
      break;
    case workload::add_delete:
      steps.push_back(bench::request_for<igd::add_port_mapping>(
          session, bench::mapping_to(session.local_address(), port, igdkit::protocol::tcp)));
      steps.push_back(
          bench::request_for<igd::delete_port_mapping>(session, bench::mapping_key(port, igdkit::protocol::tcp)));
      break;
  }
  int failures_in_a_row = 0;
  while (run.may_start() && failures_in_a_row < give_up_after) {
    --run.ops_left;
    const auto started = clock_type::now();
    bool ok = true;
    for (const auto& step : steps) {
      const auto answer = co_await session.call(step);
      ++run.requests;
      if (answer.ec || answer.status != 200) {
        run.fail(describe(answer));
        ok = false;
        break;
      }
    }
    if (!ok) {
      ++failures_in_a_row;
      continue;
    }
    failures_in_a_row = 0;
    ++run.ops;
    run.latencies_ms.push_back(bench::milliseconds_since(started));
  }
  run.connects += session.connects();
}

// GetGenericPortMappingEntry(0) needs an entry: one on port_base - 1 to the generator's own
// address, added before those runs and deleted after them.
struct fixture_mapping {
  bool added = false;
  std::string error;
};

asio::awaitable<void> add_or_remove_fixture(bench::soap_target target, std::uint16_t port, bool add,
                                            fixture_mapping& out) {
  bench::soap_session session(co_await asio::this_coro::executor, std::move(target), std::chrono::seconds(5));
  if (auto ec = co_await session.ensure_connected()) {
    out.error = ec.message();
    co_return;
  }
  const auto request = add ? bench::request_for<igd::add_port_mapping>(
                                 session, bench::mapping_to(session.local_address(), port, igdkit::protocol::tcp))
                           : bench::request_for<igd::delete_port_mapping>(
                                 session, bench::mapping_key(port, igdkit::protocol::tcp));
  const auto answer = co_await session.call(request);
  out.added = add && !answer.ec && answer.status == 200;
  if (answer.ec || answer.status != 200) out.error = describe(answer);
}

void with_fixture(const bench::soap_target& target, std::uint16_t port, bool add) {
  asio::io_context io;
  fixture_mapping out;
  asio::co_spawn(io, add_or_remove_fixture(target, port, add, out), asio::detached);
  io.run();
  if (add && !out.added) std::cerr << "load_generator: fixture mapping on " << port << " not added: " << out.error << "\n";
}

boost::json::object run_one(const bench::soap_target& target, workload w, std::string_view name, unsigned clients,
                            const options& o) {
  asio::io_context io;
  run_state run;
  run.ops_left = o.max_ops;
  const auto started = clock_type::now();
  run.deadline = started + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(o.max_seconds));
  for (unsigned i = 0; i < clients; ++i) {
    asio::co_spawn(io,
                   client_loop(target, w, static_cast<std::uint16_t>(o.port_base + i),
                               std::chrono::milliseconds(o.timeout_ms), run),
                   asio::detached);
  }
  io.run();
  const double seconds = std::chrono::duration<double>(clock_type::now() - started).count();
  boost::json::object out{{"action", name},
                          {"clients", clients},
                          {"ops", run.ops},
                          {"requests", run.requests},
                          {"errors", run.errors},
                          {"reconnects", run.connects > clients ? run.connects - clients : 0},
                          {"seconds", seconds},
                          {"ops_per_s", seconds > 0 ? static_cast<double>(run.ops) / seconds : 0},
                          {"requests_per_s", seconds > 0 ? static_cast<double>(run.requests) / seconds : 0},
                          {"latency_ms", bench::to_json(bench::summarize(std::move(run.latencies_ms)))}};
  if (!run.first_error.empty()) out["first_error"] = run.first_error;
  return out;
}

std::optional<options> parse(int argc, char** argv) {
  namespace po = boost::program_options;
  options o;
  po::options_description d("load_generator: concurrent keep-alive SOAP clients against an IGD control URL");
  d.add_options()("help,h", "this text")                                                        //
      ("url", po::value(&o.url), "root description URL (the control URL and service are read from it)")  //
      ("control-url", po::value(&o.control_url), "control URL, instead of --url")                //
      ("service-type", po::value(&o.service_type), "service type, with --control-url")            //
      ("action", po::value(&o.actions)->multitoken(), "get-external-ip | get-generic-entry | add-delete (several: one run each)")  //
      ("clients", po::value(&o.clients)->multitoken(), "concurrent connections (several: one run each)")  //
      ("max-ops", po::value(&o.max_ops)->default_value(o.max_ops), "operations per run, at most")        //
      ("max-seconds", po::value(&o.max_seconds)->default_value(o.max_seconds), "seconds per run, at most")  //
      ("port-base", po::value(&o.port_base)->default_value(o.port_base), "client i maps external port BASE+i")  //
      ("timeout-ms", po::value(&o.timeout_ms)->default_value(o.timeout_ms), "per-exchange timeout")  //
      ("json", po::bool_switch(&o.json), "print one JSON object");
  po::variables_map vm;
  if (const auto stop = bench::parse_or_exit_code(argc, argv, d, vm)) {
    if (*stop == 0) std::exit(0);
    return std::nullopt;
  }
  const bool by_url = !o.url.empty(), by_control = !o.control_url.empty() && !o.service_type.empty();
  if (by_url == by_control || o.clients.empty() || o.max_ops == 0 || o.max_seconds <= 0 || o.port_base < 2 ||
      o.port_base > 65535 - 1024) {
    std::cerr << "give --url, or --control-url with --service-type; sane budgets and ports\n" << d;
    return std::nullopt;
  }
  for (auto k : o.clients)
    if (k == 0 || k > 1024) {
      std::cerr << "--clients: 1..1024\n";
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
    const auto target = o->url.empty() ? bench::target_from_control_url(o->control_url, o->service_type)
                                       : bench::target_from_description(o->url, &why);
    if (!target) {
      std::cerr << "load_generator: " << (why.empty() ? "bad --control-url" : why) << "\n";
      return 1;
    }
    boost::json::array runs;
    for (const auto& name : o->actions) {
      const auto w = parse_workload(name);
      if (!w) {
        std::cerr << "load_generator: unknown action " << name << "\n";
        return 2;
      }
      const auto fixture_port = static_cast<std::uint16_t>(o->port_base - 1);
      if (*w == workload::generic_entry) with_fixture(*target, fixture_port, true);
      for (auto k : o->clients) {
        auto r = run_one(*target, *w, name, k, *o);
        if (!o->json) {
          std::cout << name << " x" << k << ": " << r["ops_per_s"].as_double() << " ops/s, latency median "
                    << r["latency_ms"].at("median").as_double() << " ms p95 " << r["latency_ms"].at("p95").as_double()
                    << " ms, " << r["errors"].as_uint64() << " errors, " << r["reconnects"].as_uint64()
                    << " reconnects\n";
        }
        runs.push_back(std::move(r));
      }
      if (*w == workload::generic_entry) with_fixture(*target, fixture_port, false);
    }
    if (o->json) {
      std::cout << boost::json::serialize(boost::json::object{
                       {"benchmark", "load_generator"},
                       {"control_url", target->host_header + target->path},
                       {"service_type", target->service_type},
                       {"runs", std::move(runs)}})
                << "\n";
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "load_generator: " << e.what() << "\n";
    return 1;
  }
}
