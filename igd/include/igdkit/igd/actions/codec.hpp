#pragma once
// Value codecs, written once, between typed values and the text of one SOAP argument.
// decode_value returns false for text that is not a valid value of the type; encode_value
// returns false for a value the wire type cannot carry (e.g. a negative lease).
#include "igdkit/igd/actions/values.hpp"

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace igdkit::igd {

// ui2 / ui4 / 64-bit counters: strict unsigned decimal (digits only, no sign), range-checked.
// Surrounding XML whitespace is ignored on input.
[[nodiscard]] bool decode_value(std::string_view text, std::uint16_t& out) noexcept;
[[nodiscard]] bool decode_value(std::string_view text, std::uint32_t& out) noexcept;
// Counters that real routers report above 2^32 although the SCPD says ui4.
[[nodiscard]] bool decode_value(std::string_view text, std::uint64_t& out) noexcept;
// boolean: accepts 0/1/true/false/yes/no (any case); emits 0/1.
[[nodiscard]] bool decode_value(std::string_view text, bool& out) noexcept;
// string: verbatim.
[[nodiscard]] bool decode_value(std::string_view text, std::string& out);
// Leases and timeouts: ui4 seconds.
[[nodiscard]] bool decode_value(std::string_view text, std::chrono::seconds& out) noexcept;
// Kept verbatim; see values.hpp.
[[nodiscard]] bool decode_value(std::string_view text, host_address& out);
[[nodiscard]] bool decode_value(std::string_view text, wire_protocol& out);
// A string argument that must hold an IP address; empty means "unknown" (NewExternalIPAddress).
[[nodiscard]] bool decode_value(std::string_view text, std::optional<boost::asio::ip::address>& out) noexcept;

[[nodiscard]] bool encode_value(std::uint16_t value, std::string& out);
[[nodiscard]] bool encode_value(std::uint32_t value, std::string& out);
[[nodiscard]] bool encode_value(std::uint64_t value, std::string& out);
[[nodiscard]] bool encode_value(bool value, std::string& out);
[[nodiscard]] bool encode_value(const std::string& value, std::string& out);
[[nodiscard]] bool encode_value(std::chrono::seconds value, std::string& out);  // false outside 0..2^32-1
[[nodiscard]] bool encode_value(const host_address& value, std::string& out);
[[nodiscard]] bool encode_value(const wire_protocol& value, std::string& out);
[[nodiscard]] bool encode_value(const std::optional<boost::asio::ip::address>& value, std::string& out);

}  // namespace igdkit::igd
