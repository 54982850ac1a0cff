#pragma once
// The --state write-ahead journal. Every change of a table, and of the boot id or addresses, is
// one line appended and fsynced before the router's answer goes out, so an acknowledged change
// costs an append, not a rewrite of the table. The state is the snapshot (state_file.hpp) with
// the journal replayed in order; compaction writes a new snapshot and empties the journal.
// Replaying a record twice is harmless (each one sets a key's whole value), so a crash between
// the snapshot's rename and the journal's truncation loses nothing.
//
//   line    = crc32(payload) as 8 lowercase hex digits, " ", payload, "\n"
//   payload = {"put":"home"|"upstream","mapping":mapping}                 added or overwritten
//           | {"del":"home"|"upstream","protocol":"TCP","external_port":n,"remote_host":str|null}
//           | {"meta":{"boot_id":n,"wan_ip":str|null,"public_ip":str|null}}
//
// A line cut short or damaged (a crash mid-append, a bad disk) fails its checksum: replay stops
// before it, applies nothing of it, and says how many bytes are good.
#include "igdkit/sim/state_file.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace igdkit::sim {

enum class journal_table { home, upstream };

std::string journal_put(journal_table table, const port_mapping& mapping, const state_clocks& now);
std::string journal_delete(journal_table table, const mapping_key& key);
std::string journal_meta(std::uint32_t boot_id, const std::optional<boost::asio::ip::address_v4>& wan_ip,
                         const std::optional<boost::asio::ip::address_v4>& public_ip);

struct journal_replay {
  std::size_t records = 0;      // applied
  std::size_t valid_bytes = 0;  // the journal's good prefix; the rest is to be cut off
  std::optional<std::string> torn;  // why replay stopped early, e.g. "line 7: checksum mismatch"
};
// Applies the good prefix of `text` to `state`, in order.
journal_replay replay_journal(std::string_view text, persisted_state& state, const state_clocks& now);

// The journal of state file F is F + ".journal".
std::filesystem::path journal_path(const std::filesystem::path& state_file);

}  // namespace igdkit::sim
