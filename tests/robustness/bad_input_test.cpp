// Every malformed input in fixtures/bad-input/manifest.tsv, each through its parser, must fail with
// exactly the error the manifest names (not merely "fail"). One Boost.Test case per manifest line,
// plus checks that keep the table honest: >= 100 distinct cases, no line written twice, every file
// under fixtures/bad-input/ listed.
#define BOOST_TEST_MODULE robustness_bad_input
#include "bad_input_manifest.hpp"
#include "bad_input_parsers.hpp"
#include "support/test_paths.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>

namespace fs = std::filesystem;
namespace data = boost::unit_test::data;
using namespace igdkit::robustness;

namespace {

const fs::path fixtures = igdkit::test::fixtures_dir();
const fs::path manifest = fixtures / "bad-input" / "manifest.tsv";

const std::vector<bad_case>& cases() {
  static const std::vector<bad_case> all = read_manifest(manifest);
  return all;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_DATA_TEST_CASE(gives_the_named_error, data::make(cases()), c) {
  const auto path = fixtures / c.input;
  BOOST_TEST_REQUIRE(fs::is_regular_file(path), "missing input " << path);
  const auto got = run_parser(c, read_bytes(path));
  BOOST_TEST(got == c.expected, c << ": got " << got);
}

BOOST_AUTO_TEST_CASE(table_has_at_least_100_distinct_cases) {
  std::set<std::string> seen;
  for (const auto& c : cases())
    BOOST_TEST(seen.insert(c.identity()).second, "written twice: " << c);
  BOOST_TEST(seen.size() >= 100u);
}

BOOST_AUTO_TEST_CASE(every_bad_input_file_is_in_the_manifest) {
  std::set<fs::path> listed;
  for (const auto& c : cases()) listed.insert(fs::weakly_canonical(fixtures / c.input));
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(fixtures / "bad-input")) {
    if (!e.is_regular_file() || e.path().parent_path() == fixtures / "bad-input") continue;  // manifest, README
    ++files;
    BOOST_TEST(listed.count(fs::weakly_canonical(e.path())) == 1u, e.path() << " is not in the manifest");
  }
  BOOST_TEST(files > 0u);
}

BOOST_AUTO_TEST_CASE(every_parser_is_covered) {
  std::set<std::string> parsers;
  for (const auto& c : cases()) parsers.insert(c.parser);
  const std::set<std::string> all{"ssdp",         "soap_request",   "soap_response", "description",
                                  "port_listing", "simrouter_http", "http_response"};
  BOOST_TEST(parsers == all, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
