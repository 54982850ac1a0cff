// JSON responses for the admin API.
#include "igdkit/sim/admin_api.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace igdkit::sim::admin {
namespace {

namespace http = boost::beast::http;

// Length of the well-formed UTF-8 sequence at the start of s, or 0 (RFC 3629: no overlongs,
// no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto cont = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
  const unsigned lead = b(0);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return cont(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if ((lead == 0xE0 && b(1) < 0xA0) || (lead == 0xED && b(1) > 0x9F)) return 0;
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if ((lead == 0xF0 && b(1) < 0x90) || (lead == 0xF4 && b(1) > 0x8F)) return 0;
    return 4;
  }
  return 0;
}

// Error messages quote what the client sent, and a percent-decoded query key or path can hold any
// byte. JSON text must be UTF-8 (admin_api_fuzzer: "GET /log?%ca" gave a body no parser accepts),
// so each byte that is not part of a well-formed sequence becomes U+FFFD.
std::string as_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto n = utf8_sequence_length(text);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      text.remove_prefix(1);
    } else {
      out += text.substr(0, n);
      text.remove_prefix(n);
    }
  }
  return out;
}

}  // namespace

http_response json_response(http::status status, const boost::json::value& body, const http_request& request) {
  http_response res{status, request.version()};
  res.set(http::field::content_type, "application/json");
  // Lab state changes under the client's feet; a cached /state would be a lie.
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(request.keep_alive());
  res.body() = boost::json::serialize(body);
  res.body() += '\n';
  res.prepare_payload();
  return res;
}

http_response error_response(const request_error& error, const http_request& request) {
  auto res = json_response(error.status, boost::json::object{{"error", as_utf8(error.message)}}, request);
  if (!error.allow.empty()) {
    std::string allow;
    for (auto m : error.allow) {
      if (!allow.empty()) allow += ", ";
      allow += http::to_string(m);
    }
    res.set(http::field::allow, allow);
  }
  return res;
}

}  // namespace igdkit::sim::admin
