// Argument values against the state variable the SCPD relates them to: the data type (decoded
// with the action table's own codecs), the allowed values and ranges, and the IGD rules on
// ports and hosts that the tables cannot say.
#include "checks.hpp"

#include "igdkit/igd/actions/codec.hpp"
#include "igdkit/text.hpp"

#include <boost/asio/ip/address_v4.hpp>

#include <array>
#include <cstdint>
#include <optional>

namespace igdkit::sim::strict::detail {

namespace {

std::string quoted(const scpd_argument& a, std::string_view text) {
  return "<" + std::string(a.name) + ">" + std::string(text) + "</" + std::string(a.name) + ">";
}

// Dotted quad, four decimals 0..255 without leading zeros ("192.168.1.020" is ambiguous: octal
// to inet_aton, decimal to others): exactly what inet_pton, behind make_address_v4, accepts.
// No trimming, and no NUL, which would end the text inet_pton sees.
bool is_dotted_ipv4(std::string_view s) {
  if (s.find('\0') != std::string_view::npos) return false;
  boost::system::error_code ec;
  (void)boost::asio::ip::make_address_v4(std::string(s), ec);
  return !ec;
}

std::optional<std::uint32_t> unsigned_value(std::string_view type, std::string_view text) {
  if (type == "ui2") {
    std::uint16_t v = 0;
    if (igd::decode_value(text, v)) return v;
    return std::nullopt;
  }
  std::uint32_t v = 0;
  if (igd::decode_value(text, v)) return v;
  return std::nullopt;
}

void check_boolean(const scpd_argument& a, std::string_view text, findings& out) {
  const auto v = igdkit::text::trim(text);
  if (v == "0" || v == "1") return;
  constexpr std::array deprecated{"true", "false", "yes", "no"};
  for (const auto* d : deprecated) {
    if (igdkit::text::iequals(v, d)) {
      out.push_back({"value.boolean-deprecated", std::string(a.name) + " is \"" + std::string(v) + "\"; send 0 or 1",
                     evidence_of(quoted(a, text))});
      return;
    }
  }
  out.push_back({"value.boolean", std::string(a.name) + " is \"" + std::string(text) + "\", not a boolean",
                 evidence_of(quoted(a, text))});
}

void check_allowed(const scpd_argument& a, const scpd_state_variable& var, std::string_view text, findings& out) {
  for (const auto allowed : var.allowed_values)
    if (text == allowed) return;
  const bool protocol = var.name == "PortMappingProtocol";
  for (const auto allowed : var.allowed_values) {
    if (igdkit::text::iequals(text, allowed)) {
      out.push_back({protocol ? "value.protocol-case" : "value.allowed-value",
                     std::string(a.name) + " is \"" + std::string(text) + "\"; the allowed value is " + std::string(allowed),
                     evidence_of(quoted(a, text))});
      return;
    }
  }
  std::string list;
  for (const auto allowed : var.allowed_values) list += (list.empty() ? "" : ", ") + std::string(allowed);
  out.push_back({protocol ? "value.protocol" : "value.allowed-value",
                 std::string(a.name) + (text.empty() ? std::string(" is empty") : " is \"" + std::string(text) + "\"") +
                     "; allowed: " + list,
                 evidence_of(quoted(a, text))});
}

void check_number(std::string_view action, unsigned version, const scpd_argument& a, const scpd_state_variable& var,
                  std::string_view text, findings& out) {
  const auto n = unsigned_value(var.data_type, text);
  if (!n) {
    out.push_back({"value.integer", std::string(a.name) + " is \"" + std::string(text) + "\", not a " +
                                        std::string(var.data_type),
                   evidence_of(quoted(a, text))});
    return;
  }
  // Ports: InternalPort is 1..65535 in both versions; v2 forbids the wildcard external port
  // in AddPortMapping (716), where v1 allowed it.
  const bool internal_port = var.name == "InternalPort";
  const bool v2_add_external = version >= 2 && action == "AddPortMapping" && a.name == "NewExternalPort";
  if (*n == 0 && (internal_port || v2_add_external)) {
    out.push_back({"value.port-zero", std::string(a.name) + " is 0 in " + std::string(action),
                   evidence_of(quoted(a, text))});
    return;
  }
  if (!var.range || internal_port) return;
  if (var.name == "PortMappingLeaseDuration") {
    // The 0..604800 range is WANIPConnection:2's; v1 leases are any ui4 (0 = permanent).
    if (version >= 2 && *n > var.range->maximum)
      out.push_back({"value.lease-range", std::string(a.name) + " is " + std::to_string(*n) + ", above 604800",
                     evidence_of(quoted(a, text))});
    return;
  }
  if (*n < var.range->minimum || *n > var.range->maximum)
    out.push_back({"value.range", std::string(a.name) + " is " + std::to_string(*n) + ", outside " +
                                      std::to_string(var.range->minimum) + ".." + std::to_string(var.range->maximum),
                   evidence_of(quoted(a, text))});
}

}  // namespace

void check_value(std::string_view action, unsigned version, const scpd_argument& argument,
                 const scpd_state_variable& variable, std::string_view text, findings& out) {
  const auto type = variable.data_type;
  if (type == "ui2" || type == "ui4") {
    check_number(action, version, argument, variable, text, out);
  } else if (type == "boolean") {
    check_boolean(argument, text, out);
  } else if (!variable.allowed_values.empty()) {
    check_allowed(argument, variable, text, out);
  } else if (variable.name == "InternalClient") {
    if (text.empty())
      out.push_back({"value.internal-client", "NewInternalClient is empty (the wildcard is not permitted: 715)",
                     evidence_of(quoted(argument, text))});
    else if (!is_dotted_ipv4(text))
      out.push_back({"value.internal-client", "NewInternalClient \"" + std::string(text) + "\" is not an IPv4 dotted address",
                     evidence_of(quoted(argument, text))});
  } else if (variable.name == "RemoteHost") {
    if (!text.empty() && !is_dotted_ipv4(text))
      out.push_back({"value.remote-host", "NewRemoteHost \"" + std::string(text) +
                                              "\" is neither empty (any host) nor an IPv4 dotted address",
                     evidence_of(quoted(argument, text))});
  }
}

}  // namespace igdkit::sim::strict::detail
