// The simrouter executable as a process: ready line on stdout, ready file (JSON), answers HTTP,
// exits 0 on SIGTERM.
#define BOOST_TEST_MODULE simrouter_server_binary
#include "server_rig.hpp"
#include "support/test_paths.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace igdkit;
using namespace igdkit::sim::test;

BOOST_AUTO_TEST_CASE(binary_ready_line_ready_file_answers_and_exits_on_sigterm) {
  const std::string binary = (igdkit::test::binary_dir() / "simrouter/app/simrouter").string();
  const std::string ready = (igdkit::test::binary_dir() / "simrouter_server_binary_ready.json").string();
  std::remove(ready.c_str());

  int out[2];
  BOOST_REQUIRE(pipe(out) == 0);
  const pid_t pid = fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(binary.c_str(), "simrouter", "--lan", "127.0.0.1", "--ssdp-port", "0", "--http-port", "0",
          "--igd-version", "1", "--ready-file", ready.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);

  std::string line;
  char c = 0;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  BOOST_TEST_MESSAGE(line);
  BOOST_REQUIRE(line.starts_with("simrouter ready location=http://127.0.0.1:"));
  BOOST_TEST(line.find(" ssdp=127.0.0.1:") != std::string::npos);
  BOOST_TEST(line.find(" http=127.0.0.1:") != std::string::npos);

  std::ifstream f(ready);
  std::stringstream ss;
  ss << f.rdbuf();
  auto json = boost::json::parse(ss.str()).as_object();
  const std::string location(json.at("location").as_string());
  BOOST_TEST(line.find("location=" + location + " ") != std::string::npos);
  BOOST_TEST(line.find("http=" + std::string(json.at("http").as_string())) != std::string::npos);
  BOOST_TEST(line.find("ssdp=" + std::string(json.at("ssdp").as_string())) != std::string::npos);

  auto url = boost::urls::parse_uri(location);
  BOOST_REQUIRE(url.has_value());
  auto [ec, body] = http_get(boost::urls::url(*url));
  BOOST_TEST(!ec);
  BOOST_TEST(body.find("InternetGatewayDevice:1") != std::string::npos);

  BOOST_REQUIRE(kill(pid, SIGTERM) == 0);
  int status = 0;
  BOOST_REQUIRE(waitpid(pid, &status, 0) == pid);
  BOOST_TEST(WIFEXITED(status));
  BOOST_TEST(WEXITSTATUS(status) == 0);
  close(out[0]);
}
