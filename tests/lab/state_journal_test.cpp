// The --state journal: records replayed onto a snapshot in order, a torn or damaged tail
// dropped without applying any of it, replays that are idempotent, and the durable appender.
#define BOOST_TEST_MODULE lab_state_journal
#include <boost/test/unit_test.hpp>

#include "igdkit/file_io.hpp"
#include "igdkit/sim/state_journal.hpp"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace igdkit::sim;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace ip = boost::asio::ip;

namespace {

const state_clocks t0{clock::time_point{} + 100h, std::chrono::system_clock::time_point{} + 1'800'000'000s};

port_mapping mapping(std::uint16_t port, const char* description = "cam",
                     std::optional<clock::duration> lease = std::nullopt) {
  port_mapping m;
  m.key = {std::nullopt, port, igdkit::protocol::tcp};
  m.internal_client = ip::make_address_v4("192.168.1.20");
  m.internal_port = port;
  m.description = description;
  if (lease) m.expires_at = t0.steady + *lease;
  return m;
}

std::vector<std::uint16_t> ports(const std::vector<port_mapping>& table) {
  std::vector<std::uint16_t> out;
  for (const auto& m : table) out.push_back(m.key.external_port);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(records_replay_in_order_onto_the_snapshot) {
  persisted_state state;
  state.home = {mapping(80), mapping(81)};
  std::string journal = journal_put(journal_table::home, mapping(82), t0) +
                        journal_put(journal_table::home, mapping(80, "renamed"), t0) +  // overwrite keeps slot 0
                        journal_delete(journal_table::home, mapping(81).key) +
                        journal_put(journal_table::upstream, mapping(9000), t0) +
                        journal_meta(7, ip::make_address_v4("203.0.113.99"), std::nullopt);
  const auto replay = replay_journal(journal, state, t0);
  BOOST_TEST(replay.records == 5u);
  BOOST_TEST(replay.valid_bytes == journal.size());
  BOOST_TEST(!replay.torn);
  BOOST_TEST(ports(state.home) == (std::vector<std::uint16_t>{80, 82}), boost::test_tools::per_element());
  BOOST_TEST(state.home.front().description == "renamed");
  BOOST_TEST(ports(state.upstream) == (std::vector<std::uint16_t>{9000}), boost::test_tools::per_element());
  BOOST_TEST(state.boot_id == 7u);
  BOOST_TEST(state.wan_ip.value() == ip::make_address_v4("203.0.113.99"));
  BOOST_TEST(!state.public_ip);

  // Replayed again onto its own result (a crash between snapshot and truncation): no change.
  auto again = state;
  replay_journal(journal, again, t0);
  BOOST_TEST((again == state));
}

BOOST_AUTO_TEST_CASE(a_lease_that_ran_out_on_disk_removes_its_mapping) {
  persisted_state state;
  state.home = {mapping(80)};
  const auto journal = journal_put(journal_table::home, mapping(80, "renewed", 30s), t0);
  const state_clocks later{t0.steady + 1h, t0.system + 1h};
  replay_journal(journal, state, later);
  BOOST_TEST(state.home.empty());
}

BOOST_AUTO_TEST_CASE(a_torn_last_record_is_dropped_and_nothing_of_it_applied) {
  const auto good = journal_put(journal_table::home, mapping(80), t0);
  const auto last = journal_put(journal_table::home, mapping(81), t0);
  for (std::size_t cut = 1; cut < last.size(); ++cut) {  // every possible crash point
    persisted_state state;
    const auto replay = replay_journal(good + last.substr(0, cut), state, t0);
    BOOST_TEST_CONTEXT("cut after " << cut << " bytes") {
      BOOST_TEST(replay.records == 1u);
      BOOST_TEST(replay.valid_bytes == good.size());
      BOOST_REQUIRE(replay.torn);
      BOOST_TEST(replay.torn->starts_with("line 2: "));
      BOOST_TEST(ports(state.home) == (std::vector<std::uint16_t>{80}), boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_damaged_record_stops_replay_there_with_the_reason) {
  auto damaged = journal_put(journal_table::home, mapping(81), t0);
  damaged[damaged.find("81")] = '7';  // one flipped digit: port 71, checksum unchanged
  persisted_state state;
  const auto replay = replay_journal(journal_put(journal_table::home, mapping(80), t0) + damaged +
                                         journal_put(journal_table::home, mapping(82), t0),
                                     state, t0);
  BOOST_TEST(replay.records == 1u);
  BOOST_REQUIRE(replay.torn);
  BOOST_TEST(*replay.torn == "line 2: checksum mismatch");
  BOOST_TEST(ports(state.home) == (std::vector<std::uint16_t>{80}), boost::test_tools::per_element());

  persisted_state other;
  const auto junk = replay_journal("00000000 {}\n", other, t0);
  BOOST_REQUIRE(junk.torn);
  BOOST_TEST(*junk.torn == "line 1: checksum mismatch");
}

BOOST_AUTO_TEST_CASE(appender_adds_at_the_end_and_truncates) {
  std::string pattern = (fs::temp_directory_path() / "igdkit-journal-XXXXXX").string();
  BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  const fs::path dir = pattern;
  const auto path = journal_path(dir / "state.json");
  BOOST_TEST(path.filename() == "state.json.journal");
  auto read = [&] {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  {
    auto file = igdkit::append_only_file::open(path);
    BOOST_REQUIRE(file.has_value());
    BOOST_TEST(!file->append_durably("one\n"));
    BOOST_TEST(!file->append_durably("two\n"));
  }
  {
    auto file = igdkit::append_only_file::open(path);  // reopened: appends after what is there
    BOOST_REQUIRE(file.has_value());
    BOOST_TEST(!file->append_durably("three\n"));
    BOOST_TEST(read() == "one\ntwo\nthree\n");
    BOOST_TEST(!file->truncate(4));
    BOOST_TEST(read() == "one\n");
    BOOST_TEST(!file->truncate());
    BOOST_TEST(read().empty());
    BOOST_TEST(!file->append_durably("four\n"));
    BOOST_TEST(read() == "four\n");
  }
  igdkit::append_only_file closed;
  BOOST_TEST((closed.append_durably("x") == std::errc::bad_file_descriptor));
  BOOST_TEST(!igdkit::append_only_file::open(dir / "missing-dir" / "j").has_value());
  fs::remove_all(dir);
}
