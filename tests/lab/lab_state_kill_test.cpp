// The --state file under kill -9: a client churns AddPortMapping/DeletePortMapping against the
// simrouter binary, the binary is SIGKILLed at a random moment, restarted on the same file, and
// its table must hold exactly what the client saw acknowledged (the one call in flight at the
// kill may go either way). BOOTID moves on with every restart. A corrupt state file is refused.
#define BOOST_TEST_MODULE lab_state_kill
#include <boost/test/unit_test.hpp>

#include "lab_process.hpp"

#include "igdkit/igd/client.hpp"
#include "igdkit/ssdp/parse.hpp"

#include <boost/asio/system_executor.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace http = boost::beast::http;
using namespace igdkit;
using namespace igdkit::sim::test;
using namespace std::chrono_literals;

namespace {

// external port -> description: what identifies each mapping's last write.
using table = std::map<std::uint16_t, std::string>;

constexpr std::uint16_t first_port = 46000;
constexpr std::uint16_t port_count = 40;

struct started {
  std::unique_ptr<child_process> process;
  boost::urls::url location, admin;
  asio::ip::udp::endpoint ssdp;
};

started start_router(const temp_dir& dir, const std::filesystem::path& state, const std::string& tag) {
  started s;
  s.process = std::make_unique<child_process>(
      std::vector<std::string>{simrouter_binary(), "--igd-version", "1", "--state", state.string()}, dir.path(), tag);
  auto line = s.process->wait_for_line("simrouter ready ", 15s);
  BOOST_REQUIRE_MESSAGE(line.has_value(), "no ready line; stderr: " << s.process->err());
  const auto f = line_fields(*line);
  s.location = parse_url(f.at("location"));
  s.admin = parse_url(f.at("admin"));
  s.ssdp = udp_endpoint_of(f.at("ssdp"));
  return s;
}

boost::json::object state_of(const started& s) {
  auto r = admin_call(s.admin, http::verb::get, "/state");
  BOOST_REQUIRE_MESSAGE(!r.ec && r.status == 200u, "GET /state: " << r.ec.message() << " " << r.status);
  return r.json().as_object();
}

table table_from_admin(const boost::json::object& state) {
  table t;
  for (const auto& m : state.at("home").as_object().at("mappings").as_array()) {
    const auto& o = m.as_object();
    BOOST_TEST(o.at("protocol").as_string() == "TCP");
    t[static_cast<std::uint16_t>(o.at("external_port").to_number<int>())] = std::string(o.at("description").as_string());
  }
  return t;
}

// The same table as an IGD:1 client reads it: the GetGenericPortMappingEntry walk until 713.
table table_from_client(igd::client& c) {
  table t;
  for (const auto& e : c.list_mappings()) t[e.external_port] = e.description;
  return t;
}

std::uint32_t boot_id_of(const boost::json::object& state) {
  return static_cast<std::uint32_t>(state.at("home").as_object().at("boot_id").to_number<std::int64_t>());
}

// BOOTID.UPNP.ORG as a control point reads it: from a unicast search answer.
std::optional<std::uint32_t> wire_boot_id(const started& s) {
  const auto answers = search_once(s.ssdp, 500ms);
  if (answers.size() != 1u) return std::nullopt;
  auto r = ssdp::parse_search_response(answers[0].text);
  if (!r) return std::nullopt;
  return r->boot_id;
}

std::string describe(const table& t) {
  std::string out;
  for (const auto& [port, desc] : t) out += std::to_string(port) + "=" + desc + " ";
  return out;
}

struct churn_op {
  bool add = true;
  std::uint16_t port = 0;
  std::string description;
};

void apply_op(table& t, const churn_op& op) {
  if (op.add)
    t[op.port] = op.description;
  else
    t.erase(op.port);
}

// Runs operations until one fails on the transport (the router was killed). Every call that
// returned is recorded in `acked`; the failing one is `in_flight`.
struct churn_result {
  table model;                        // start table + every acknowledged operation
  std::optional<churn_op> in_flight;  // the call the kill interrupted (or that found it dead)
  std::error_code end;                // why the churn stopped
  int acked = 0;
  std::vector<std::string> surprises;  // router faults that should not happen here
};

churn_result churn(const boost::urls::url& location, table start, unsigned seed, int round,
                   std::atomic<int>& acked_so_far) {
  churn_result r;
  r.model = std::move(start);
  soap::http_options http;
  http.deadline = 3000ms;
  igd::client c(asio::system_executor{}, http);
  std::error_code ec;
  c.open(location, ec);
  if (ec) {
    r.end = ec;
    return r;
  }
  std::mt19937 rng(seed);
  for (int i = 0;; ++i) {
    churn_op op;
    op.port = static_cast<std::uint16_t>(first_port + rng() % port_count);
    op.add = !r.model.count(op.port) || rng() % 3 != 0;  // mostly adds, so the table grows and churns
    op.description = "r" + std::to_string(round) + "-op" + std::to_string(i);
    igd::diagnostics d;
    if (op.add) {
      igd::add_port_mapping_request req;
      req.external_port = op.port;
      req.protocol = protocol::tcp;
      req.internal_port = op.port;
      req.internal_client = asio::ip::make_address("127.0.0.1");
      req.description = op.description;
      req.lease = std::chrono::seconds(3600);
      c.invoke<igd::add_port_mapping>(req, ec, &d);
    } else {
      c.invoke<igd::delete_port_mapping>({{}, op.port, protocol::tcp}, ec, &d);
    }
    if (!ec) {
      apply_op(r.model, op);
      ++r.acked;
      ++acked_so_far;
      continue;
    }
    if (d.upnp_code != 0) {  // the router answered "no": nothing changed, but it should not happen
      r.surprises.push_back(op.description + ": UPnP " + std::to_string(d.upnp_code) + " " + d.description);
      continue;
    }
    r.in_flight = op;
    r.end = ec;
    return r;
  }
}

// A failure seen once can be replayed: the seed comes from this variable when it is set.
constexpr const char* seed_variable = "IGDKIT_STATE_KILL_SEED";

unsigned churn_seed_for_this_run() {
  if (const char* fixed = std::getenv(seed_variable)) return static_cast<unsigned>(std::stoul(fixed));
  std::random_device rd;
  return rd();
}

}  // namespace

BOOST_AUTO_TEST_CASE(acknowledged_mappings_survive_kill_9) {
  temp_dir dir;
  const auto state_file = dir / "state.json";
  const unsigned seed = churn_seed_for_this_run();
  // CTest runs this at --log_level=warning, so a BOOST_TEST_MESSAGE never showed: stdout is what
  // `ctest --output-on-failure` prints for a failed, crashed or timed-out run, and the context
  // puts the seed on every failed assertion.
  std::cout << "seed " << seed << " (rerun with " << seed_variable << "=" << seed << ")" << std::endl;
  BOOST_TEST_INFO_SCOPE("seed " << seed << " (rerun with " << seed_variable << "=" << seed << ")");
  std::mt19937 rng(seed);

  table expected;  // what the router holds at the start of each round
  auto router = start_router(dir, state_file, "start");
  auto boot_id = boot_id_of(state_of(router));
  constexpr int rounds = 4;
  for (int round = 0; round < rounds; ++round) {
    BOOST_TEST_INFO_SCOPE("round " << round);
    churn_result result;
    std::atomic<int> acked{0};
    const auto churn_seed = static_cast<unsigned>(rng());
    std::thread worker([&] { result = churn(router.location, expected, churn_seed, round, acked); });
    // A random moment well inside the churn: after a random number of acknowledged calls (so
    // the machine's speed does not matter), plus a random fraction of a call.
    const int after_calls = 1 + static_cast<int>(rng() % 12);
    const auto give_up = std::chrono::steady_clock::now() + 20s;
    while (acked < after_calls && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 30000));
    ::kill(router.process->pid(), SIGKILL);
    const auto status = router.process->wait_exit(10s);
    worker.join();
    BOOST_REQUIRE(status.has_value());
    BOOST_TEST((WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL));
    BOOST_TEST_MESSAGE("round " << round << ": " << result.acked << " calls acknowledged, stopped by "
                                << result.end.message());
    std::string surprises;
    for (const auto& text : result.surprises) surprises += text + "; ";
    BOOST_TEST(result.surprises.empty(), surprises);
    BOOST_REQUIRE_MESSAGE(result.acked > 0, "no call was acknowledged before the kill: " << result.end.message());
    BOOST_REQUIRE(result.in_flight.has_value());  // the churn ran until the kill, not out of work

    router = start_router(dir, state_file, "restart" + std::to_string(round));
    const auto state = state_of(router);
    const auto restarted = table_from_admin(state);
    table with_in_flight = result.model;
    apply_op(with_in_flight, *result.in_flight);
    BOOST_TEST((restarted == result.model || restarted == with_in_flight),
               "round " << round << "\nrestarted: " << describe(restarted) << "\nacknowledged: "
                        << describe(result.model) << "\nin flight: " << result.in_flight->description
                        << (result.in_flight->add ? " add " : " delete ") << result.in_flight->port);
    // The IGD itself reports the same table.
    igd::client c(asio::system_executor{});
    c.open(router.location);
    BOOST_TEST(describe(table_from_client(c)) == describe(restarted));
    // A restart is a power cycle: BOOTID moves on.
    const auto new_boot_id = boot_id_of(state);
    BOOST_TEST(new_boot_id > boot_id);
    const auto on_the_wire = wire_boot_id(router);
    BOOST_TEST((on_the_wire == new_boot_id));
    boot_id = new_boot_id;
    expected = restarted;
  }
  BOOST_TEST(!expected.empty());  // the rounds really exercised a table
}

BOOST_AUTO_TEST_CASE(corrupt_state_file_is_refused_by_name) {
  temp_dir dir;
  const auto state_file = dir / "corrupt-state.json";
  write_text(state_file, "{\"format\":\"igdkit-simrouter-state\",\"version\":1,\"home\":[{\"protocol\":");
  auto r = run_simrouter({"--state", state_file.string()}, dir.path(), "corrupt");
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.exit_code != -1);  // exited on its own
  BOOST_TEST(r.err.find(state_file.string()) != std::string::npos, r.err);
  BOOST_TEST(r.out.find("simrouter ready") == std::string::npos);
  // The file is left as it was (no silent reset that would lose the table).
  BOOST_TEST(read_text(state_file).starts_with("{\"format\":\"igdkit-simrouter-state\""));

  write_text(state_file, R"({"format":"something-else","version":1})");
  r = run_simrouter({"--state", state_file.string()}, dir.path(), "wrongformat");
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.exit_code != -1);
  BOOST_TEST(r.err.find(state_file.string()) != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(clean_restart_keeps_the_table_and_a_missing_file_is_a_fresh_start) {
  temp_dir dir;
  const auto state_file = dir / "fresh";
  BOOST_REQUIRE(!std::filesystem::exists(state_file));
  std::uint32_t first_boot = 0;
  {
    auto router = start_router(dir, state_file, "fresh");
    BOOST_TEST(std::filesystem::exists(state_file));
    first_boot = boot_id_of(state_of(router));
    igd::client c(asio::system_executor{});
    c.open(router.location);
    igd::mapping_request m;
    m.external_port = 46500;
    m.internal_port = 46500;
    m.internal_client = asio::ip::make_address("127.0.0.1");
    m.description = "kept";
    c.add_port_mapping(m);
    router.process->signal(SIGTERM);
    const auto status = router.process->wait_exit(10s);
    BOOST_REQUIRE(status.has_value());
    BOOST_TEST((WIFEXITED(*status) && WEXITSTATUS(*status) == 0));
  }
  auto router = start_router(dir, state_file, "again");
  const auto state = state_of(router);
  BOOST_TEST(describe(table_from_admin(state)) == "46500=kept ");
  BOOST_TEST(boot_id_of(state) == first_boot + 1);
}

// An acknowledged change is one appended journal line; the snapshot is not rewritten until the
// journal outgrows the table. A torn last line (a crash mid-append) is dropped at the next
// start and named in the log; everything before it is kept.
BOOST_AUTO_TEST_CASE(changes_append_to_the_journal_and_a_torn_tail_is_dropped) {
  temp_dir dir;
  const auto state_file = dir / "journaled.json";
  const auto journal = std::filesystem::path(state_file.string() + ".journal");
  {
    auto router = start_router(dir, state_file, "journal");
    const auto snapshot = read_text(state_file);
    BOOST_TEST(read_text(journal).empty());  // folded into the snapshot at start
    igd::client c(asio::system_executor{});
    c.open(router.location);
    for (std::uint16_t port = 46601; port <= 46603; ++port) {
      igd::add_port_mapping_request req;
      req.external_port = port;
      req.protocol = protocol::tcp;
      req.internal_port = port;
      req.internal_client = asio::ip::make_address("127.0.0.1");
      req.description = "j" + std::to_string(port);
      c.invoke<igd::add_port_mapping>(req);
    }
    c.invoke<igd::delete_port_mapping>({{}, 46602, protocol::tcp});
    BOOST_TEST(read_text(state_file) == snapshot);  // untouched
    const auto lines = read_text(journal);
    BOOST_TEST(std::count(lines.begin(), lines.end(), '\n') == 4);
    router.process->signal(SIGKILL);
    BOOST_REQUIRE(router.process->wait_exit(10s).has_value());
  }
  auto text = read_text(journal);
  write_text(journal, text + text.substr(0, text.find('\n') / 2));  // half a record at the end
  auto router = start_router(dir, state_file, "journal-again");
  const auto state = state_of(router);
  BOOST_TEST(describe(table_from_admin(state)) == "46601=j46601 46603=j46603 ");
  auto log = admin_call(router.admin, http::verb::get, "/log?limit=1000");
  BOOST_TEST(log.body.find("state journal: 4 record(s) replayed; dropped") != std::string::npos, log.body);
}
