#pragma once
// The lab's --state file: the mapping tables (home and upstream router), boot id and WAN
// addresses, persisted atomically so a restart, even after kill -9, loses no mapping.
//
// In memory, leases are steady-clock instants (port_mapping::expires_at); steady time does not
// survive a reboot of the host, so the file stores the wall-clock expiry in unix seconds (null =
// permanent). Both conversions take both clocks' "now" (state_clocks), which keeps them pure:
//
//   {"format":"igdkit-simrouter-state","version":1,"boot_id":3,
//    "wan_ip":"203.0.113.10"|null,"public_ip":"203.0.113.10"|null,
//    "home":[mapping...],"upstream":[mapping...]}
//   mapping: {"protocol":"TCP"|"UDP","external_port":1..65535,"remote_host":"a.b.c.d"|null,
//             "internal_client":"a.b.c.d","internal_port":1..65535,"enabled":bool,
//             "description":str,"expires":unix_seconds|null}
//
// Mappings whose lease has run out are not written, and are dropped when read.
#include "igdkit/file_io.hpp"
#include "igdkit/result.hpp"
#include "igdkit/sim/mapping.hpp"

#include <boost/asio/ip/address_v4.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace igdkit::sim {

inline constexpr std::string_view state_file_format = "igdkit-simrouter-state";
inline constexpr int state_file_version = 1;

struct persisted_state {
  std::uint32_t boot_id = 1;
  std::string device_uuid;  // the home router's root UUID; empty in files from before it was kept
  std::optional<boost::asio::ip::address_v4> wan_ip;
  std::optional<boost::asio::ip::address_v4> public_ip;
  std::vector<port_mapping> home;      // expires_at on the steady clock, as the router keeps it
  std::vector<port_mapping> upstream;  // double-nat with upstream_upnp; else empty
  friend bool operator==(const persisted_state&, const persisted_state&) = default;
};

// One instant read from both clocks; the bridge between steady expiries and the file's.
struct state_clocks {
  clock::time_point steady;
  std::chrono::system_clock::time_point system;
  static state_clocks now() noexcept { return {clock::now(), std::chrono::system_clock::now()}; }
};

enum class state_file_errc {
  corrupt = 1,          // not JSON, wrong types, bad addresses or ports (the message says where)
  wrong_format,         // JSON, but "format" is not state_file_format
  unsupported_version,  // written by a newer (or unknown) version
  too_large,            // bigger than max_state_file_bytes: not a state file we wrote
};
const std::error_category& state_file_category() noexcept;
std::error_code make_error_code(state_file_errc e) noexcept;

inline constexpr std::uintmax_t max_state_file_bytes = std::uintmax_t{64} * 1024 * 1024;

// Expiries are rounded up to whole seconds, so a live lease never comes back shorter.
std::string serialize_state(const persisted_state& state, const state_clocks& now);
// `message` (optional) receives e.g. `field "home[2].internal_client": must be an IPv4 address`.
result<persisted_state> parse_state(std::string_view text, const state_clocks& now, std::string* message = nullptr);

using igdkit::write_file_atomically;  // igdkit/file_io.hpp

// serialize_state + write_file_atomically.
std::error_code save_state_file(const std::filesystem::path& path, const persisted_state& state,
                                const state_clocks& now);

// A file that does not exist (ENOENT) is a fresh start: the result holds std::nullopt, not an
// error.
// Anything else that cannot be read or parsed is an error; `message` (optional) then says
// "<path>: <reason>".
result<std::optional<persisted_state>> load_state_file(const std::filesystem::path& path, const state_clocks& now,
                                                       std::string* message = nullptr);

}  // namespace igdkit::sim

template <>
struct std::is_error_code_enum<igdkit::sim::state_file_errc> : std::true_type {};
