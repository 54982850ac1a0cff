// The workaround policy, rule by rule: what is retried, with what, and when the loop stops.
#define BOOST_TEST_MODULE igd_client_workarounds
#include <boost/test/unit_test.hpp>

#include "igdkit/igd/workarounds.hpp"

#include <vector>

using namespace igdkit::igd;
using namespace std::chrono_literals;

namespace {
add_attempt base(std::chrono::seconds lease = 3600s) {
  add_port_mapping_request r;
  r.external_port = 40000;
  r.internal_port = 5000;
  r.protocol = wire_protocol(igdkit::protocol::tcp);
  r.lease = lease;
  return {r, false};
}
const workaround_permissions all{true, true, true};
const workaround_permissions defaults{};
}  // namespace

BOOST_AUTO_TEST_CASE(permanent_lease_on_725) {
  auto n = next_add_attempt(base(), 725, 1, defaults, {});
  BOOST_REQUIRE(n);
  BOOST_TEST(n->attempt.request.lease.count() == 0);
  BOOST_TEST((n->used == workaround::permanent_lease));
  BOOST_TEST(!next_add_attempt(base(0s), 725, 1, defaults, {}));  // already permanent: give up
  BOOST_TEST(!next_add_attempt(base(), 725, 1, {false, false, false}, {}));
}

BOOST_AUTO_TEST_CASE(zero_lease_fallback_on_402_501_once) {
  for (int code : {402, 501}) {
    auto n = next_add_attempt(base(), code, 1, defaults, {});
    BOOST_REQUIRE(n);
    BOOST_TEST((n->used == workaround::zero_lease_fallback));
    std::vector<workaround> used{workaround::zero_lease_fallback};
    BOOST_TEST(!next_add_attempt(base(), code, 1, defaults, used));
  }
}

BOOST_AUTO_TEST_CASE(conflict_needs_opt_in) {
  BOOST_TEST(!next_add_attempt(base(), 718, 1, defaults, {}));
  auto v1 = next_add_attempt(base(), 718, 1, all, {});
  BOOST_REQUIRE(v1);
  BOOST_TEST(v1->attempt.request.external_port == 40001);
  BOOST_TEST((v1->used == workaround::other_external_port));
  auto v2 = next_add_attempt(base(), 718, 2, all, {});
  BOOST_REQUIRE(v2);
  BOOST_TEST(v2->attempt.use_add_any);
  BOOST_TEST(!next_add_attempt(v2->attempt, 718, 2, all, {}));  // AddAny failing too: stop
  auto wrap = base();
  wrap.request.external_port = 65535;
  const auto wrapped = next_add_attempt(wrap, 718, 1, all, {});
  BOOST_REQUIRE(wrapped.has_value());
  BOOST_TEST(wrapped->attempt.request.external_port == 1024);
}

BOOST_AUTO_TEST_CASE(same_port_values_on_724) {
  BOOST_TEST(!next_add_attempt(base(), 724, 1, defaults, {}));
  auto n = next_add_attempt(base(), 724, 1, all, {});
  BOOST_REQUIRE(n);
  BOOST_TEST(n->attempt.request.internal_port == 40000);
}

BOOST_AUTO_TEST_CASE(other_codes_are_final) {
  for (int code : {401, 606, 714, 715, 716, 726, 727, 728, 0, -1, 99999})
    BOOST_TEST(!next_add_attempt(base(), code, 1, all, {}), "code " << code);
}
