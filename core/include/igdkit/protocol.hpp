#pragma once
// Transport protocol of a port mapping, as carried in NewProtocol.
#include <cstdint>
#include <optional>
#include <string_view>

namespace igdkit {

enum class protocol : std::uint8_t { tcp, udp };

constexpr std::string_view to_string(protocol p) noexcept { return p == protocol::tcp ? "TCP" : "UDP"; }

// Exact, case-sensitive wire spelling ("TCP"/"UDP"), as the spec requires of a router.
constexpr std::optional<protocol> protocol_from_wire(std::string_view s) noexcept {
  if (s == "TCP") return protocol::tcp;
  if (s == "UDP") return protocol::udp;
  return std::nullopt;
}

// Lenient spelling for user input and tolerant clients ("tcp", "Udp").
constexpr std::optional<protocol> protocol_from_text(std::string_view s) noexcept {
  if (s.size() != 3) return std::nullopt;
  auto up = [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; };
  char u[3] = {up(s[0]), up(s[1]), up(s[2])};
  return protocol_from_wire(std::string_view(u, 3));
}

}  // namespace igdkit
