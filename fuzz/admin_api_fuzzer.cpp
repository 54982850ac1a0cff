// The lab's JSON inputs: raw bytes are parsed as one HTTP request by Beast (the admin server's
// limits: 8 KiB header, 64 KiB body) and go through admin::parse_request; the command or error is
// rendered as the lab would. The request body (or the raw bytes, if they are no request) is also
// fed to parse_state and parse_lab_config, which share the JSON readers.
//
// Invariants: an error is 400/404/405/413 with a JSON {"error": "<non-empty>"} body (and Allow on
// 405); every response body is JSON that reads back equal; parsed commands are within their
// documented ranges; faults and state files round-trip through their serializers; every rejected
// input comes with a message.
#include "fuzz_check.hpp"
#include "igdkit/sim/admin_api.hpp"
#include "igdkit/sim/config_file.hpp"
#include "igdkit/sim/state_file.hpp"
#include "igdkit/sim/state_journal.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace {

using namespace igdkit::sim;
namespace admin = igdkit::sim::admin;
namespace http = boost::beast::http;
namespace json = boost::json;

// Whole-second wall clock, so the state file round trip is exact.
const state_clocks now{clock::time_point{} + std::chrono::hours(24),
                       std::chrono::system_clock::time_point{} + std::chrono::seconds(1'800'000'000)};

std::optional<igdkit::http_request> parse_http(std::string_view bytes) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(admin::max_body_bytes);
  parser.eager(true);
  boost::system::error_code ec;
  while (!bytes.empty() && !parser.is_done()) {
    const auto n = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec == http::error::need_more) ec = {};
    if (ec || n == 0) break;
    bytes.remove_prefix(n);
  }
  if (!ec && !parser.is_done() && parser.got_some()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return std::nullopt;
  return parser.release();
}

void check_json_response(const igdkit::http_response& res, const json::value& sent) {
  FUZZ_CHECK(res[http::field::content_type] == "application/json");
  boost::system::error_code ec;
  const auto back = json::parse(res.body(), ec);
  FUZZ_CHECK(!ec);
  FUZZ_CHECK(back == sent);
}

void check_error(const admin::request_error& error, const igdkit::http_request& request) {
  const unsigned status = static_cast<unsigned>(error.status);
  FUZZ_CHECK(status == 400 || status == 404 || status == 405 || status == 413);
  FUZZ_CHECK(!error.message.empty());
  FUZZ_CHECK((status == 405) == !error.allow.empty());
  const auto res = admin::error_response(error, request);
  FUZZ_CHECK(res.result_int() == status);
  // A message quoting non-ASCII bytes from the request comes back with invalid UTF-8 replaced, so
  // only an ASCII message must come back byte for byte; every body must be valid JSON.
  const bool ascii = std::all_of(error.message.begin(), error.message.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    check_json_response(res, json::object{{"error", error.message}});
  } else {
    boost::system::error_code ec;
    const auto back = json::parse(res.body(), ec);
    FUZZ_CHECK(!ec);
    FUZZ_CHECK(back.is_object() && back.as_object().contains("error") && back.at("error").is_string());
  }
  if (status == 405) FUZZ_CHECK(!res[http::field::allow].empty());
}

// What the lab would answer, with made-up but well-formed data.
json::value render(const admin::command& command) {
  struct renderer {
    json::value operator()(const admin::get_state&) const { return admin::to_json(lab_snapshot{}); }
    json::value operator()(const admin::probe& p) const {
      FUZZ_CHECK(p.request.port >= 1);
      FUZZ_CHECK(!p.request.timeout || (p.request.timeout->count() >= 1 && *p.request.timeout <= admin::max_probe_timeout));
      probe_result r;
      r.reason = "no mapping for " + p.request.ip.to_string();
      r.hops = {"home router"};
      return admin::to_json(r);
    }
    json::value operator()(const admin::open_endpoint& c) const {
      FUZZ_CHECK(c.port >= 1);
      return admin::endpoint_json(std::nullopt, "no mapping for " + c.ip.to_string());
    }
    json::value operator()(const admin::get_wan_ip&) const {
      const auto a = boost::asio::ip::make_address_v4("203.0.113.10");
      return admin::wan_ip_json(a, a);
    }
    json::value operator()(const admin::set_wan_ip& c) const {
      return admin::wan_ip_json(c.wan_ip, c.public_ip.value_or(c.wan_ip));
    }
    json::value operator()(const admin::reboot&) const { return admin::boot_json(2); }
    json::value operator()(const admin::get_faults&) const { return admin::to_json(fault_set{}); }
    json::value operator()(const admin::set_faults& c) const {
      auto rendered = admin::to_json(c.faults);
      const auto back = admin::parse_faults(rendered);
      FUZZ_CHECK(back.has_value() && *back == c.faults);
      return rendered;
    }
    json::value operator()(const admin::clear_faults&) const { return admin::to_json(fault_set{}); }
    json::value operator()(const admin::get_log& c) const {
      FUZZ_CHECK(c.limit <= admin::max_log_limit);
      std::vector<log_entry> entries(std::min<std::size_t>(c.limit, 3));
      return admin::log_json(entries);
    }
    json::value operator()(const admin::get_violations&) const { return admin::violations_json(nullptr); }
  };
  return std::visit(renderer{}, command);
}

void check_state(std::string_view text) {
  std::string message;
  const auto state = parse_state(text, now, &message);
  if (!state) {
    FUZZ_CHECK(!message.empty());
    return;
  }
  const auto again = parse_state(serialize_state(*state, now), now, &message);
  FUZZ_CHECK(again.has_value() && *again == *state);
}

// Replay stops at the first bad line and applies nothing of it: the good prefix alone gives the
// same state, and the journal of that state replays onto nothing to the same tables again.
void check_journal(std::string_view text) {
  persisted_state state;
  const auto replay = replay_journal(text, state, now);
  FUZZ_CHECK(replay.valid_bytes <= text.size());
  FUZZ_CHECK(replay.torn.has_value() == (replay.valid_bytes < text.size()));
  persisted_state prefix_only;
  replay_journal(text.substr(0, replay.valid_bytes), prefix_only, now);
  FUZZ_CHECK(prefix_only == state);
  std::string rebuilt;
  for (const auto& m : state.home) rebuilt += journal_put(journal_table::home, m, now);
  persisted_state again;
  const auto second = replay_journal(rebuilt, again, now);
  FUZZ_CHECK(!second.torn && again.home.size() == state.home.size());
}

void check_config(std::string_view text) {
  std::string message;
  const auto options = parse_lab_config(text, lab_options{}, &message);
  if (!options) FUZZ_CHECK(!message.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = igdkit::fuzz::as_text(data, size);
  const auto request = parse_http(bytes);
  if (request) {
    const auto parsed = admin::parse_request(*request);
    if (const auto* error = std::get_if<admin::request_error>(&parsed)) {
      check_error(*error, *request);
    } else {
      const auto body = render(std::get<admin::command>(parsed));
      check_json_response(admin::json_response(http::status::ok, body, *request), body);
    }
  }
  const std::string_view document = request ? std::string_view(request->body()) : bytes;
  check_state(document);
  check_journal(document);
  check_config(document);
  return 0;
}
