#include "igdkit/ssdp/gateway.hpp"

#include "igdkit/file_io.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>

namespace igdkit::ssdp {

namespace {

constexpr std::uint32_t rtf_up = 0x1, rtf_gateway = 0x2;

std::optional<std::uint32_t> hex_field(std::string_view s) {
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const auto start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::vector<default_route> parse_default_routes(std::string_view text) {
  std::vector<default_route> out;
  bool header = true;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (std::exchange(header, false)) continue;  // "Iface Destination Gateway Flags ..."
    const auto f = fields_of(line);
    if (f.size() < 4) continue;
    const auto destination = hex_field(f[1]), gateway = hex_field(f[2]), flags = hex_field(f[3]);
    if (!destination || !gateway || !flags || *destination != 0) continue;
    if ((*flags & (rtf_up | rtf_gateway)) != (rtf_up | rtf_gateway) || *gateway == 0) continue;
    // The kernel prints the network-order word as a native integer: its bytes in memory are the
    // address (reversed in the text on little-endian hosts).
    boost::asio::ip::address_v4::bytes_type bytes{};
    std::memcpy(bytes.data(), &*gateway, bytes.size());
    out.push_back({std::string(f[0]), boost::asio::ip::address_v4(bytes)});
  }
  return out;
}

std::vector<default_route> default_routes() {
  auto text = read_small_file("/proc/net/route", 1024 * 1024);
  if (!text || !*text) return {};
  return parse_default_routes(**text);
}

}  // namespace igdkit::ssdp
