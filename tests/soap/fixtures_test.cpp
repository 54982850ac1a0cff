// Table-driven over fixtures/soap/{responses,requests}: each <name>.xml is checked against the
// outcome written in <name>.expect.
#define BOOST_TEST_MODULE soap_fixtures
#include <boost/test/unit_test.hpp>

#include "expectations.hpp"
#include "igdkit/soap/request.hpp"
#include "igdkit/soap/response.hpp"
#include "igdkit/soap/upnp_error.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;
using namespace igdkit::soap;
using namespace soap_test;

namespace {

const fs::path fixtures = igdkit::test::fixtures_dir() / "soap";

template <class Parsed>
void check_outcome(const fs::path& body_path, const expectation& exp, const igdkit::result<Parsed>& got,
                   const std::string& want_result) {
  BOOST_TEST_CONTEXT("fixture " << body_path.filename().string()) {
    if (auto err = exp.get("error")) {
      auto want = errc_from_name(*err);
      BOOST_REQUIRE_MESSAGE(want, "unknown errc name in sidecar: " << *err);
      BOOST_REQUIRE_MESSAGE(got.has_error(), "expected error " << *err);
      BOOST_TEST(got.error() == make_error_code(*want), got.error().message() << " vs " << *err);
      return;
    }
    BOOST_REQUIRE_MESSAGE(got.has_value(), "unexpected error: " << got.error().message());
    BOOST_TEST(exp.get("result").value_or("") == want_result);
  }
}

void check_arguments(const expectation& exp, const argument_list& args) {
  if (auto n = exp.get("args")) BOOST_TEST(args.size() == std::stoul(*n));
  for (const auto& [name, value] : exp.arguments) {
    auto found = find_argument(args, name);
    BOOST_REQUIRE_MESSAGE(found, "missing argument " << name);
    BOOST_TEST(std::string(*found) == value);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(response_fixtures) {
  const auto bodies = fixture_bodies(fixtures / "responses");
  BOOST_REQUIRE_GE(bodies.size(), 30u);
  for (const auto& body_path : bodies) {
    auto exp = read_expectation(fs::path(body_path).replace_extension(".expect"));
    const auto action = exp.get("action").value();
    const auto got = parse_response(read_file(body_path), action);
    const bool is_fault = exp.get("result") == std::optional<std::string>("fault");
    check_outcome(body_path, exp, got, is_fault ? "fault" : "ok");
    if (!got || exp.get("error")) continue;
    BOOST_TEST_CONTEXT("fixture " << body_path.filename().string()) {
      BOOST_TEST(got->action == action);
      if (is_fault) {
        BOOST_REQUIRE(got->fault.has_value());
        BOOST_TEST(got->fault->code == std::stoi(exp.get("fault_code").value()));
        BOOST_TEST(got->fault->description == exp.get("fault_description").value());
        BOOST_TEST(got->arguments.empty());
      } else {
        BOOST_TEST(!got->fault.has_value());
        if (auto st = exp.get("service_type")) BOOST_TEST(got->service_type == *st);
        check_arguments(exp, got->arguments);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(request_fixtures) {
  const auto bodies = fixture_bodies(fixtures / "requests");
  BOOST_REQUIRE_GE(bodies.size(), 10u);
  for (const auto& body_path : bodies) {
    auto exp = read_expectation(fs::path(body_path).replace_extension(".expect"));
    const auto got = parse_request(exp.get("soapaction").value(), read_file(body_path));
    check_outcome(body_path, exp, got, "ok");
    if (!got || exp.get("error")) continue;
    BOOST_TEST_CONTEXT("fixture " << body_path.filename().string()) {
      BOOST_TEST(got->service_type == exp.get("service_type").value());
      BOOST_TEST(got->action == exp.get("action").value());
      check_arguments(exp, got->arguments);
      // Arguments keep wire order.
      for (std::size_t i = 0; i < exp.arguments.size() && i < got->arguments.size(); ++i) {
        BOOST_TEST(got->arguments[i].name == exp.arguments[i].first);
      }
    }
  }
}
