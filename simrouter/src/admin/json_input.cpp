#include "json_input.hpp"

#include <boost/json/parse_options.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include <algorithm>
#include <charconv>

namespace igdkit::sim::json_input {

namespace json = boost::json;

namespace {

// What a rejected value looked like, short enough for a one-line message.
std::string describe(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: return "an object";
    case json::kind::array: return "an array";
    case json::kind::null: return "null";
    case json::kind::string: {
      constexpr std::size_t max_shown = 40;
      const auto& s = v.get_string();
      if (s.size() <= max_shown) return json::serialize(v);
      // Cut at a character boundary so the message stays valid UTF-8.
      std::size_t cut = max_shown;
      while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
      return json::serialize(json::value(json::string_view(s.data(), cut))) + "...";
    }
    case json::kind::double_: {
      // Shortest round-trip form ("80.5"), not Boost.JSON's "8.05E1".
      char text[32];
      const auto end = std::to_chars(text, text + sizeof text, v.get_double()).ptr;
      return std::string(text, end);
    }
    default: return json::serialize(v);
  }
}

std::string field_name(std::string_view path) {
  return path.empty() ? std::string("document") : "field \"" + std::string(path) + "\"";
}

bool has_nul(std::string_view s) { return s.find('\0') != std::string_view::npos; }

}  // namespace

parsed<json::value> parse_text(std::string_view text) {
  json::parse_options options;
  options.max_depth = 32;
  json::stream_parser parser({}, options);
  boost::system::error_code ec;
  const std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    return problem{config_errc::invalid_json,
                   "invalid JSON at byte " + std::to_string(std::min(consumed, text.size())) + ": " + ec.message()};
  }
  return parser.release();
}

std::string child(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out(path);
  out += '.';
  out += key;
  return out;
}

std::string element(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

problem bad_field(std::string_view path, std::string_view requirement, const json::value& found) {
  return {config_errc::bad_field, field_name(path) + ": must be " + std::string(requirement) + ", got " + describe(found)};
}

problem bad_field(std::string_view path, std::string_view requirement) {
  return {config_errc::bad_field, field_name(path) + ": " + std::string(requirement)};
}

problem missing_field(std::string_view path) {
  return {config_errc::missing_field, field_name(path) + ": required"};
}

parsed<const json::object*> read_object(const json::value& v, std::string_view path) {
  if (const auto* o = v.if_object()) return o;
  auto p = bad_field(path, "an object", v);
  p.code = config_errc::not_an_object;
  return p;
}

std::optional<problem> reject_unknown(const json::object& object, std::initializer_list<std::string_view> known,
                                      std::string_view path) {
  for (const auto& kv : object) {
    const std::string_view key(kv.key().data(), kv.key().size());
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      // Serialized, so a key with quotes or control characters cannot garble the message.
      const json::value name(json::string_view(child(path, key)));
      return problem{config_errc::unknown_field, "unknown field " + json::serialize(name)};
    }
  }
  return std::nullopt;
}

parsed<bool> read_bool(const json::value& v, std::string_view path) {
  if (const auto* b = v.if_bool()) return *b;
  return bad_field(path, "true or false", v);
}

parsed<std::uint64_t> read_uint(const json::value& v, std::string_view path, std::uint64_t min, std::uint64_t max) {
  const std::string requirement = "an integer " + std::to_string(min) + ".." + std::to_string(max);
  std::uint64_t n = 0;
  if (const auto* i = v.if_int64()) {
    if (*i < 0) return bad_field(path, requirement, v);
    n = static_cast<std::uint64_t>(*i);
  } else if (const auto* u = v.if_uint64()) {
    n = *u;
  } else {
    return bad_field(path, requirement, v);
  }
  if (n < min || n > max) return bad_field(path, requirement, v);
  return n;
}

parsed<std::string_view> read_string(const json::value& v, std::string_view path) {
  if (const auto* s = v.if_string()) return std::string_view(s->data(), s->size());
  return bad_field(path, "a string", v);
}

parsed<boost::asio::ip::address_v4> read_ipv4(const json::value& v, std::string_view path) {
  constexpr std::string_view requirement = "an IPv4 address (\"a.b.c.d\")";
  const auto* s = v.if_string();
  if (!s || has_nul(*s)) return bad_field(path, requirement, v);
  boost::system::error_code ec;
  const auto a = boost::asio::ip::make_address_v4(std::string(s->data(), s->size()), ec);
  if (ec) return bad_field(path, requirement, v);
  return a;
}

parsed<boost::asio::ip::address> read_ip(const json::value& v, std::string_view path) {
  constexpr std::string_view requirement = "an IP address";
  const auto* s = v.if_string();
  if (!s || has_nul(*s)) return bad_field(path, requirement, v);
  boost::system::error_code ec;
  const auto a = boost::asio::ip::make_address(std::string(s->data(), s->size()), ec);
  if (ec) return bad_field(path, requirement, v);
  return a;
}

std::error_code report(const problem& p, std::string* message) {
  if (message) *message = p.message;
  return make_error_code(p.code);
}

}  // namespace igdkit::sim::json_input
