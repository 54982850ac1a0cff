// simrouter --strict's pure checks on any bytes: byte 0 picks the path (bit 0: an SSDP datagram,
// bit 1: read off the group socket; else an HTTP request parsed by Beast as the server does,
// bit 2: an IGD:1 tree), the rest is the input. Every finding must name a rule of the table and
// carry bounded evidence; recording and logging it must hold too.
#include "fuzz_check.hpp"
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/ssdp_setup.hpp"
#include "igdkit/sim/strict/http_checks.hpp"
#include "igdkit/sim/strict/ssdp_checks.hpp"
#include "igdkit/sim/strict/violation_log.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace igdkit::sim;

const root_layout& layout(bool v1) {
  static const root_layout v2_tree = make_igd_layout({});
  static const root_layout v1_tree = [] {
    layout_params p;
    p.version = igd_version::v1;
    return make_igd_layout(p);
  }();
  return v1 ? v1_tree : v2_tree;
}

void check_all(std::vector<strict::finding> found) {
  strict::violation_log log(4);
  for (auto& f : found) {
    FUZZ_CHECK(strict::find_rule(f.rule) != nullptr);
    FUZZ_CHECK(f.evidence.size() <= strict::max_evidence + 3);
    FUZZ_CHECK(!f.message.empty());
    const auto& v = log.record({}, "127.0.0.1", std::move(f));
    FUZZ_CHECK(!strict::log_line(v).empty());
  }
  FUZZ_CHECK(log.total() == log.recent().size() || log.recent().size() == 4);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto mode = data[0];
  const auto input = igdkit::fuzz::as_text(data + 1, size - 1);
  if (mode & 1) {
    static const auto devices = advertised_set(layout(false), {});
    strict::search_context ctx{&devices, igdkit::ssdp::st_matching::uda, (mode & 2) != 0, "127.0.0.1:1900"};
    check_all(strict::check_search_datagram(input, ctx));
    return 0;
  }
  boost::beast::http::request_parser<boost::beast::http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(input.data(), input.size()), ec);
  if (ec || !parser.is_done()) return 0;
  const std::vector<std::string> hosts{"127.0.0.1:5000"};
  check_all(strict::check_http_request(parser.get(), layout((mode & 4) != 0), hosts));
  return 0;
}
