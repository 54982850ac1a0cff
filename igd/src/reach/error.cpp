#include "igdkit/igd/reach/error.hpp"

#include <string>

namespace igdkit::igd::reach {
namespace {

class reach_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "igdkit.reach"; }
  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::body_too_large: return "probe request body exceeds the size limit";
      case errc::not_json: return "probe request body is not JSON";
      case errc::not_an_object: return "probe request body is not a JSON object";
      case errc::unknown_field: return "probe request has an unknown field";
      case errc::missing_field: return "probe request lacks a required field";
      case errc::wrong_type: return "probe request field has the wrong JSON type";
      case errc::bad_protocol: return "probe request protocol is not \"TCP\" or \"UDP\"";
      case errc::port_out_of_range: return "probe request port is not in 1..65535";
      case errc::timeout_out_of_range: return "probe request timeout_ms is out of range";
      case errc::expect_too_long: return "probe request expect is longer than the banner read";
      case errc::expect_not_for_udp: return "probe request expect applies to TCP only";
      case errc::bad_prober_spec: return "prober must be \"lab:http://HOST:PORT\" or \"http://HOST:PORT\"";
      case errc::missing_external_ip: return "the lab prober needs the external IP to probe";
      case errc::prober_rate_limited: return "prober refused: rate limited (HTTP 429)";
      case errc::prober_busy: return "prober refused: too many probes in progress (HTTP 503)";
      case errc::prober_http_status: return "prober answered an unexpected HTTP status";
      case errc::prober_bad_json: return "prober answer is not a JSON object";
      case errc::prober_missing_field: return "prober answer lacks a required field";
      case errc::prober_invalid_field: return "prober answer has a field of the wrong type or value";
    }
    return "unknown reach error " + std::to_string(value);
  }
};

}  // namespace

const std::error_category& reach_category() noexcept {
  static const reach_category_impl instance;
  return instance;
}

const char* to_wire_name(errc e) noexcept {
  switch (e) {
    case errc::body_too_large: return "body_too_large";
    case errc::not_json: return "not_json";
    case errc::not_an_object: return "not_an_object";
    case errc::unknown_field: return "unknown_field";
    case errc::missing_field: return "missing_field";
    case errc::wrong_type: return "wrong_type";
    case errc::bad_protocol: return "bad_protocol";
    case errc::port_out_of_range: return "port_out_of_range";
    case errc::timeout_out_of_range: return "timeout_out_of_range";
    case errc::expect_too_long: return "expect_too_long";
    case errc::expect_not_for_udp: return "expect_not_for_udp";
    default: return "bad_request";
  }
}

}  // namespace igdkit::igd::reach
