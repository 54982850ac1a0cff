// The responder's pure path, exactly as responder.cpp runs it: datagram -> parse_message ->
// search_request -> should_answer -> answers_for(a fixed IGD:2 device set) -> build each answer.
// Input byte 0 bit 0 chooses multicast vs unicast; the rest is the datagram.
#include "fuzz_check.hpp"
#include "igdkit/ssdp/build.hpp"
#include "igdkit/ssdp/device_set.hpp"
#include "igdkit/ssdp/parse.hpp"
#include "igdkit/ssdp/policy.hpp"

#include <boost/url/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <variant>

namespace {

using namespace igdkit::ssdp;

const device_set& devices() {
  static const device_set set = [] {
    device_set s;
    s.root = {"00000000-0000-0000-0000-000000000000", search_target::device("InternetGatewayDevice", 2),
              {search_target::service("Layer3Forwarding", 1)}};
    s.embedded.push_back({"00000000-0000-0000-0000-000000000001", search_target::device("WANDevice", 2),
                          {search_target::service("WANCommonInterfaceConfig", 1)}});
    s.embedded.push_back({"00000000-0000-0000-0000-000000000002", search_target::device("WANConnectionDevice", 2),
                          {search_target::service("WANIPConnection", 2),
                           search_target::service("WANIPv6FirewallControl", 1)}});
    return s;
  }();
  return set;
}

const boost::urls::url& location() {
  static const boost::urls::url url(boost::urls::parse_absolute_uri("http://192.168.1.1:5000/rootDesc.xml").value());
  return url;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const bool is_multicast = (data[0] & 1) != 0;
  const auto datagram = igdkit::fuzz::as_text(data + 1, size - 1);

  auto parsed = parse_message(datagram);
  if (!parsed) return 0;
  const auto* request = std::get_if<search_request>(&*parsed);
  if (!request) return 0;
  const auto delay = should_answer(*request, is_multicast);
  if (!delay) return 0;
  FUZZ_CHECK(delay->count() >= 0 && *delay <= max_response_delay);
  if (!is_multicast) FUZZ_CHECK(delay->count() == 0);

  const auto answers = answers_for(devices(), request->st);
  static const std::size_t everything = all_announcements(devices()).size();
  FUZZ_CHECK(answers.size() <= everything);
  for (const auto& a : answers) {
    FUZZ_CHECK(a.usn.starts_with("uuid:"));
    if (request->st.kind != target_kind::all) {
      // Every answer echoes the requested target (type searches: the requested version).
      FUZZ_CHECK(a.target == request->st);
    }
    search_response r{location(), a.target, a.usn, "Linux UPnP/1.1 fuzz/1", std::chrono::seconds(1800),
                      true, {}, 1u, 1u, std::nullopt};
    auto wire = build(r);
    FUZZ_CHECK(wire.has_value());  // an answer we chose must always be sendable
    auto back = parse_search_response(*wire);
    FUZZ_CHECK(back.has_value());
    FUZZ_CHECK(back->st == a.target);
    FUZZ_CHECK(back->usn == a.usn);
  }
  return 0;
}
