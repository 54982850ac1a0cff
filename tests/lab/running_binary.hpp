#pragma once
// A simrouter process that runs until the test ends: started with the given flags, its ready line
// read and split into fields, then SIGTERM at the end, after which it must exit 0.
#include "lab_process.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <map>
#include <string>
#include <vector>

#include <sys/wait.h>

namespace igdkit::sim::test {

struct running_binary {
  running_binary(const temp_dir& dir, const std::string& tag, std::vector<std::string> args)
      : process(with_binary(std::move(args)), dir.path(), tag) {
    auto line = process.wait_for_line("simrouter ready ", std::chrono::seconds(15));
    BOOST_REQUIRE_MESSAGE(line.has_value(), "no ready line; stderr: " << process.err());
    ready = *line;
    fields = line_fields(ready);
  }
  ~running_binary() {
    process.signal(SIGTERM);
    const auto status = process.wait_exit(std::chrono::seconds(10));
    BOOST_CHECK_MESSAGE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0,
                        "simrouter did not exit 0 on SIGTERM; stderr: " << process.err());
  }
  running_binary(const running_binary&) = delete;
  running_binary& operator=(const running_binary&) = delete;

  static std::vector<std::string> with_binary(std::vector<std::string> args) {
    args.insert(args.begin(), simrouter_binary());
    return args;
  }
  boost::urls::url location() const { return parse_url(fields.at("location")); }

  child_process process;
  std::string ready;
  std::map<std::string, std::string> fields;
};

}  // namespace igdkit::sim::test
