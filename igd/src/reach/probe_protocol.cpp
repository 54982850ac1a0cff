#include "igdkit/igd/reach/probe_protocol.hpp"
#include "igdkit/address.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <cmath>
#include <limits>

namespace igdkit::igd::reach {
namespace json = boost::json;
namespace ip = boost::asio::ip;

namespace {

std::error_code fail(errc code, std::string* detail, std::string message) {
  if (detail) *detail = std::move(message);
  return make_error_code(code);
}

std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

// A JSON integer as int64 (a uint64 beyond int64 counts as out of range); nullopt for other types.
struct integer_value {
  bool is_integer = false;
  bool fits = false;
  std::int64_t value = 0;
};
integer_value read_integer(const json::value& v) {
  if (v.is_int64()) return {true, true, v.get_int64()};
  if (v.is_uint64()) {
    const auto u = v.get_uint64();
    return {true, u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()), static_cast<std::int64_t>(u)};
  }
  return {};
}

result<json::object> parse_object(std::string_view body, errc not_json, errc not_object, std::string* detail) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return fail(not_json, detail, "body is not JSON: " + ec.message());
  if (!v.is_object()) return fail(not_object, detail, "body is not a JSON object");
  return std::move(v.get_object());
}

}  // namespace

ip::address unmapped(const ip::address& a) { return igdkit::unmapped(a); }

result<probe_request> parse_probe_request(std::string_view body, std::string* detail) {
  if (body.size() > max_request_body_bytes) {
    return fail(errc::body_too_large, detail, "body exceeds " + std::to_string(max_request_body_bytes) + " bytes");
  }
  auto obj = parse_object(body, errc::not_json, errc::not_an_object, detail);
  if (!obj) return obj.error();
  for (const auto& kv : *obj) {
    const std::string_view key = kv.key();
    if (key != "protocol" && key != "port" && key != "timeout_ms" && key != "expect") {
      return fail(errc::unknown_field, detail,
                  "unknown field " + quoted(key) + " (the server probes only the caller's own address)");
    }
  }
  probe_request out;

  const auto* proto = obj->if_contains("protocol");
  if (!proto) return fail(errc::missing_field, detail, "missing field \"protocol\"");
  if (!proto->is_string()) return fail(errc::wrong_type, detail, "field \"protocol\" must be a string");
  const auto p = protocol_from_text(std::string_view(proto->get_string()));
  if (!p) return fail(errc::bad_protocol, detail, "field \"protocol\" must be \"TCP\" or \"UDP\"");
  out.proto = *p;

  const auto* port = obj->if_contains("port");
  if (!port) return fail(errc::missing_field, detail, "missing field \"port\"");
  const auto n = read_integer(*port);
  if (!n.is_integer) return fail(errc::wrong_type, detail, "field \"port\" must be an integer");
  if (!n.fits || n.value < 1 || n.value > 65535) {
    return fail(errc::port_out_of_range, detail, "field \"port\" must be in 1..65535");
  }
  out.port = static_cast<std::uint16_t>(n.value);

  if (const auto* t = obj->if_contains("timeout_ms"); t && !t->is_null()) {
    const auto ms = read_integer(*t);
    if (!ms.is_integer) return fail(errc::wrong_type, detail, "field \"timeout_ms\" must be an integer");
    if (ms.value < 1) return fail(errc::timeout_out_of_range, detail, "field \"timeout_ms\" must be at least 1");
    // Large values are capped by the server, not refused.
    out.timeout = std::chrono::milliseconds(ms.fits ? std::min<std::int64_t>(ms.value, 86'400'000) : 86'400'000);
  }

  if (const auto* e = obj->if_contains("expect"); e && !e->is_null()) {
    if (!e->is_string()) return fail(errc::wrong_type, detail, "field \"expect\" must be a string");
    if (e->get_string().size() > max_banner_bytes) {
      return fail(errc::expect_too_long, detail,
                  "field \"expect\" is longer than " + std::to_string(max_banner_bytes) + " bytes");
    }
    if (out.proto == protocol::udp) return fail(errc::expect_not_for_udp, detail, "field \"expect\" applies to TCP only");
    out.expect = std::string(e->get_string());
  }
  return out;
}

std::string render_probe_request(const probe_request& r) {
  json::object o{{"protocol", to_string(r.proto)}, {"port", r.port}};
  if (r.timeout) o["timeout_ms"] = r.timeout->count();
  if (r.expect) o["expect"] = *r.expect;
  return json::serialize(o);
}

std::chrono::milliseconds effective_timeout(const probe_request& r, std::chrono::milliseconds fallback,
                                            std::chrono::milliseconds cap) noexcept {
  const auto asked = r.timeout.value_or(fallback);
  return std::max(std::min(asked, cap), std::chrono::milliseconds{1});
}

std::string render_probe_report(const probe_report& r) {
  return json::serialize(json::object{
      {"observed_address", unmapped(r.observed_address).to_string()},
      {"port", r.port},
      {"protocol", to_string(r.proto)},
      {"reachable", r.reachable},
      {"reason", r.reason},
      // JSON has no NaN or infinity; a non-finite time is no measurement.
      {"rtt_ms", r.rtt_ms && std::isfinite(*r.rtt_ms) ? json::value(*r.rtt_ms) : json::value(nullptr)},
      {"banner", r.banner ? json::value(*r.banner) : json::value(nullptr)},
  });
}

std::string render_whoami(const ip::address& observed) {
  return json::serialize(json::object{{"observed_address", unmapped(observed).to_string()}});
}

std::string render_error(std::string_view error, std::string_view message) {
  return json::serialize(json::object{{"error", error}, {"message", message}});
}

namespace {

result<ip::address> read_address(const json::object& o, std::string* detail) {
  const auto* a = o.if_contains("observed_address");
  if (!a) return fail(errc::prober_missing_field, detail, "missing field \"observed_address\"");
  if (!a->is_string()) return fail(errc::prober_invalid_field, detail, "field \"observed_address\" must be a string");
  boost::system::error_code ec;
  const auto address = ip::make_address(std::string_view(a->get_string()), ec);
  if (ec) return fail(errc::prober_invalid_field, detail, "field \"observed_address\" is not an IP address");
  return unmapped(address);
}

}  // namespace

result<probe_report> parse_probe_report(std::string_view body, std::string* detail) {
  auto obj = parse_object(body, errc::prober_bad_json, errc::prober_bad_json, detail);
  if (!obj) return obj.error();
  probe_report out;
  auto address = read_address(*obj, detail);
  if (!address) return address.error();
  out.observed_address = *address;

  const auto* port = obj->if_contains("port");
  if (!port) return fail(errc::prober_missing_field, detail, "missing field \"port\"");
  const auto n = read_integer(*port);
  if (!n.is_integer || !n.fits || n.value < 1 || n.value > 65535) {
    return fail(errc::prober_invalid_field, detail, "field \"port\" is not a port number");
  }
  out.port = static_cast<std::uint16_t>(n.value);

  const auto* proto = obj->if_contains("protocol");
  if (!proto) return fail(errc::prober_missing_field, detail, "missing field \"protocol\"");
  const auto p = proto->is_string() ? protocol_from_wire(std::string_view(proto->get_string())) : std::nullopt;
  if (!p) return fail(errc::prober_invalid_field, detail, "field \"protocol\" is not \"TCP\" or \"UDP\"");
  out.proto = *p;

  const auto* reachable = obj->if_contains("reachable");
  if (!reachable) return fail(errc::prober_missing_field, detail, "missing field \"reachable\"");
  if (!reachable->is_bool()) return fail(errc::prober_invalid_field, detail, "field \"reachable\" must be a boolean");
  out.reachable = reachable->get_bool();

  const auto* reason = obj->if_contains("reason");
  if (!reason) return fail(errc::prober_missing_field, detail, "missing field \"reason\"");
  if (!reason->is_string()) return fail(errc::prober_invalid_field, detail, "field \"reason\" must be a string");
  out.reason = std::string(reason->get_string());

  if (const auto* rtt = obj->if_contains("rtt_ms"); rtt && !rtt->is_null()) {
    if (!rtt->is_number()) return fail(errc::prober_invalid_field, detail, "field \"rtt_ms\" must be a number");
    out.rtt_ms = rtt->to_number<double>();
  }
  if (const auto* banner = obj->if_contains("banner"); banner && !banner->is_null()) {
    if (!banner->is_string()) return fail(errc::prober_invalid_field, detail, "field \"banner\" must be a string");
    out.banner = std::string(banner->get_string());
  }
  return out;
}

result<ip::address> parse_whoami(std::string_view body, std::string* detail) {
  auto obj = parse_object(body, errc::prober_bad_json, errc::prober_bad_json, detail);
  if (!obj) return obj.error();
  return read_address(*obj, detail);
}

std::string escape_banner(std::string_view bytes) {
  static constexpr std::array<char, 16> hex{'0', '1', '2', '3', '4', '5', '6', '7',
                                            '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (u >= 0x20 && u < 0x7f) {
      out += c;
    } else {
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 0xf];
    }
  }
  return out;
}

}  // namespace igdkit::igd::reach
