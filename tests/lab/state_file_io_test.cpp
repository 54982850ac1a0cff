#include <boost/test/unit_test.hpp>

#include "igdkit/sim/state_file.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

using namespace igdkit::sim;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace ip = boost::asio::ip;

namespace {

const state_clocks t0{clock::time_point{} + 100h, std::chrono::system_clock::time_point{} + 1'800'000'000s};

// A fresh directory per test case, removed afterwards.
struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "igdkit-state-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A state whose size depends on `n`, so a torn write could not pass for another complete one.
persisted_state numbered_state(std::uint32_t n) {
  persisted_state s;
  s.boot_id = n;
  s.wan_ip = ip::make_address_v4("203.0.113.10");
  for (std::uint32_t i = 0; i < n % 40; ++i) {
    port_mapping m;
    m.key = {std::nullopt, static_cast<std::uint16_t>(10000 + i), igdkit::protocol::tcp};
    m.internal_client = ip::make_address_v4("127.0.0.2");
    m.internal_port = static_cast<std::uint16_t>(20000 + i);
    m.description = std::string(i * 7 % 100, 'x');
    s.home.push_back(m);
  }
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(atomic_write_creates_and_replaces_without_leftovers) {
  temp_dir dir;
  const auto target = dir.path / "state.json";
  BOOST_TEST(!write_file_atomically(target, "first"));
  BOOST_TEST(read(target) == "first");
  BOOST_TEST(!write_file_atomically(target, "second, longer content"));
  BOOST_TEST(read(target) == "second, longer content");
  BOOST_TEST(!write_file_atomically(target, ""));
  BOOST_TEST(read(target).empty());
  BOOST_TEST(dir.names() == std::vector<std::string>{"state.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(atomic_write_keeps_the_mode_of_an_existing_file) {
  temp_dir dir;
  const auto target = dir.path / "state.json";
  BOOST_REQUIRE(!write_file_atomically(target, "a"));
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
  BOOST_REQUIRE(!write_file_atomically(target, "b"));
  BOOST_TEST((fs::status(target).permissions() == (fs::perms::owner_read | fs::perms::owner_write)));
}

BOOST_AUTO_TEST_CASE(atomic_write_failures_leave_the_target_alone) {
  temp_dir dir;
  // Missing directory.
  auto ec = write_file_atomically(dir.path / "missing" / "state.json", "x");
  BOOST_TEST((ec == std::errc::no_such_file_or_directory), ec.message());
  // The target is a directory: the rename fails and the temporary file is cleaned up.
  fs::create_directory(dir.path / "occupied");
  ec = write_file_atomically(dir.path / "occupied", "x");
  BOOST_TEST(static_cast<bool>(ec));
  BOOST_TEST(fs::is_directory(dir.path / "occupied"));
  BOOST_TEST(dir.names() == std::vector<std::string>{"occupied"}, boost::test_tools::per_element());
  // A path that names no file.
  BOOST_TEST(static_cast<bool>(write_file_atomically(dir.path / "", "x")));
}

BOOST_AUTO_TEST_CASE(load_missing_file_is_a_fresh_start) {
  temp_dir dir;
  std::string message;
  const auto r = load_state_file(dir.path / "absent.json", t0, &message);
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(!r->has_value());
  BOOST_TEST(message.empty());
}

BOOST_AUTO_TEST_CASE(save_then_load) {
  temp_dir dir;
  const auto path = dir.path / "state.json";
  const auto state = numbered_state(13);
  BOOST_REQUIRE(!save_state_file(path, state, t0));
  std::string message;
  const auto r = load_state_file(path, t0, &message);
  BOOST_REQUIRE_MESSAGE(r.has_value(), message);
  BOOST_REQUIRE(r->has_value());
  BOOST_TEST((**r == state));
}

BOOST_AUTO_TEST_CASE(load_errors_carry_path_and_reason) {
  temp_dir dir;
  const auto path = dir.path / "state.json";
  std::string message;

  { std::ofstream(path) << R"({"format":"igdkit-simrouter-state","version":1,"boot_id":)"; }
  auto r = load_state_file(path, t0, &message);
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST((r.error() == state_file_errc::corrupt));
  BOOST_TEST(message.starts_with(path.string() + ": invalid JSON at byte"), message);

  { std::ofstream(path) << R"({"format":"igdkit-simrouter-state","version":9})"; }
  r = load_state_file(path, t0, &message);
  BOOST_TEST((r.error() == state_file_errc::unsupported_version));
  BOOST_TEST(message == path.string() + ": version 9 is not supported (this build reads version 1)");

  r = load_state_file(dir.path, t0, &message);
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST(message == dir.path.string() + ": not a regular file");

  // Through a regular file used as a directory: not "missing", an error.
  r = load_state_file(path / "child.json", t0, &message);
  BOOST_REQUIRE(!r.has_value());
  BOOST_TEST((r.error() == std::errc::not_a_directory), r.error().message());
  BOOST_TEST(message.starts_with((path / "child.json").string() + ": "), message);

  // Far too big to be ours: refused before reading (sparse, so cheap to create).
  const auto big = dir.path / "big.json";
  { std::ofstream(big) << ' '; }
  fs::resize_file(big, max_state_file_bytes + 1);
  r = load_state_file(big, t0, &message);
  BOOST_TEST((r.error() == state_file_errc::too_large));
  BOOST_TEST(message.find("a state file is at most") != std::string::npos, message);

  if (::geteuid() != 0) {  // root reads anything
    { std::ofstream(path) << "{}"; }
    fs::permissions(path, fs::perms::none);
    r = load_state_file(path, t0, &message);
    BOOST_TEST((r.error() == std::errc::permission_denied), r.error().message());
    BOOST_TEST(message.starts_with(path.string() + ": "), message);
  }
}

// kill -9 at a random moment while a child rewrites the file as fast as it can: the file must
// always hold one complete state, never a torn or empty one.
BOOST_AUTO_TEST_CASE(sigkill_during_rewrites_never_leaves_a_torn_file) {
  temp_dir dir;
  const auto path = dir.path / "state.json";
  BOOST_REQUIRE(!save_state_file(path, numbered_state(1), t0));

  const auto seed = std::random_device{}();
  BOOST_TEST_MESSAGE("seed " << seed);
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_us(0, 20000);
  std::uint32_t last_seen = 1;
  for (int round = 0; round < 20; ++round) {
    int ready[2];
    BOOST_REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
      ::close(ready[0]);
      // Keep counting upward from what is on disk; bounded so a lost parent cannot leave it running.
      for (std::uint32_t n = last_seen + 1; n < last_seen + 200000; ++n) {
        if (save_state_file(path, numbered_state(n), t0)) ::_exit(3);
        if (n == last_seen + 1 && ::write(ready[1], "1", 1) != 1) ::_exit(4);
      }
      ::_exit(0);
    }
    ::close(ready[1]);
    // Kill only once the child is known to be rewriting (a slow disk must not make this vacuous),
    // then at a random moment within its next writes.
    char byte = 0;
    const auto got = ::read(ready[0], &byte, 1);
    ::close(ready[0]);
    if (got == 1) std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    BOOST_REQUIRE(::kill(child, SIGKILL) == 0);  // (a child that already exited is a zombie: still killable)
    int status = 0;
    BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
    BOOST_TEST_REQUIRE(got == 1, "child made no first write, status " << status);
    BOOST_TEST_REQUIRE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL), "child exited early, status " << status);

    std::string message;
    const auto loaded = load_state_file(path, t0, &message);
    BOOST_TEST_REQUIRE(loaded.has_value(), "round " << round << ": " << message);
    BOOST_TEST_REQUIRE(loaded->has_value());
    const auto& state = **loaded;
    BOOST_TEST_REQUIRE((state == numbered_state(state.boot_id)), "round " << round << " boot_id " << state.boot_id);
    BOOST_TEST_REQUIRE(state.boot_id > last_seen);  // at least the first write landed
    last_seen = state.boot_id;
  }
  // Stale temporaries of killed writers may remain; they are never the file itself.
  for (const auto& name : dir.names()) BOOST_TEST((name == "state.json" || name.starts_with(".state.json.tmp.")), name);
}
