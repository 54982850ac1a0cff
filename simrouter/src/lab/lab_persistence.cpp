// The --state file and its journal (state_journal.hpp). Read once at start: the snapshot, then
// the journal's good records in order. Then every table change becomes a journal line, written
// and fsynced from the request observer, i.e. before the router's answer goes out, so a mapping
// the client saw acknowledged survives a kill -9. The journal is folded into a new snapshot at
// start and whenever it holds more records than the table (amortised O(1) per change).
#include "lab_impl.hpp"

#include "igdkit/sim/state_journal.hpp"

#include <algorithm>

namespace igdkit::sim {

namespace {
constexpr std::size_t min_records_before_compaction = 1024;
}  // namespace

std::error_code lab::impl::load_state(std::string* detail) {
  if (!options.state_file) return {};
  std::string message;
  const auto clocks = state_clocks::now();
  auto loaded = load_state_file(*options.state_file, clocks, &message);
  if (!loaded) {
    if (detail) *detail = "state file " + message;
    return loaded.error();
  }
  const auto journal_file = journal_path(*options.state_file);
  auto journal_text = read_small_file(journal_file, max_state_file_bytes);
  if (!journal_text) {
    if (detail) *detail = "state journal " + journal_file.string() + ": " + journal_text.error().message();
    return journal_text.error();
  }
  if (!*loaded && !*journal_text) return {};  // neither file yet: a first start
  persisted_state state = *loaded ? std::move(**loaded) : persisted_state{};
  if (*journal_text) {
    const auto replay = replay_journal(**journal_text, state, clocks);
    journal_note = "state journal: " + std::to_string(replay.records) + " record(s) replayed";
    if (replay.torn)
      journal_note += "; dropped " + std::to_string((*journal_text)->size() - replay.valid_bytes) + " byte(s) after " +
                      *replay.torn;
  }
  restored = std::move(state);
  // Restarting is a power cycle: the boot id moves on whether or not the table survives.
  options.router.boot_id = restored->boot_id + 1;
  // Same identity as before the restart, unless the command line names one.
  if (options.router.layout.root_uuid.empty()) options.router.layout.root_uuid = restored->device_uuid;
  if (restored->wan_ip) options.topology.wan_ip = *restored->wan_ip;
  if (restored->public_ip) options.topology.public_ip = *restored->public_ip;
  return {};
}

void lab::impl::restore_mappings() {
  if (!journal_note.empty()) add_log("lab", "", std::exchange(journal_note, {}));
  if (!restored) return;
  const auto now = options.router.now();
  if (options.router.reboot_forgets) {
    add_log("lab", "", "state file: mappings forgotten (profile reboot-forgets)");
  } else {
    for (auto& m : restored->home) home->handler().model().mappings.upsert(std::move(m), now);
    if (upstream)
      for (auto& m : restored->upstream) upstream->handler().model().mappings.upsert(std::move(m), now);
    add_log("lab", "", "state file: restored " + std::to_string(restored->home.size()) + " mapping(s)");
  }
  restored.reset();
}

void lab::impl::journal_change(journal_table table, const port_mapping* before, const port_mapping* after) {
  // Before running, changes (the restored table) go into the start-up snapshot instead.
  if (!options.state_file || !running) return;
  if (after)
    journal_pending += journal_put(table, *after, state_clocks::now());
  else if (before)
    journal_pending += journal_delete(table, before->key);
  ++journal_pending_records;
}

saved_marker lab::impl::current_marker() const {
  return saved_marker{home->boot_id(), options.topology.wan_ip, options.topology.public_ip};
}

std::size_t lab::impl::table_sizes() {
  const auto now = options.router.now();
  return home->handler().model().mappings.size(now) + (upstream ? upstream->handler().model().mappings.size(now) : 0);
}

void lab::impl::compact_state() {
  if (!options.state_file || !home) return;
  persisted_state state;
  state.boot_id = home->boot_id();
  state.device_uuid = home->device_uuid();
  state.wan_ip = options.topology.wan_ip;
  state.public_ip = options.topology.public_ip;
  state.home = home->mappings();
  if (upstream) state.upstream = upstream->mappings();
  if (auto ec = save_state_file(*options.state_file, state, state_clocks::now())) {
    add_log("lab", "", "state file " + options.state_file->string() + ": cannot write: " + ec.message());
    return;
  }
  journal_pending.clear();
  journal_pending_records = 0;
  journal_records = 0;
  saved = current_marker();
  if (!journal.is_open()) {
    auto opened = append_only_file::open(journal_path(*options.state_file));
    if (!opened) {
      add_log("lab", "", "state journal: cannot open: " + opened.error().message());
      return;
    }
    journal = std::move(*opened);
  }
  // After the snapshot is in place: a crash in between replays records already in it, harmlessly.
  if (auto ec = journal.truncate()) add_log("lab", "", "state journal: cannot truncate: " + ec.message());
}

void lab::impl::save_state_if_changed() {
  if (!options.state_file || !home) return;
  if (const auto marker = current_marker(); saved != marker) {
    journal_pending += journal_meta(marker.boot_id, marker.wan_ip, marker.public_ip);
    ++journal_pending_records;
    saved = marker;
  }
  if (journal_pending.empty()) return;
  if (!journal.is_open()) {
    compact_state();  // the journal could not be opened: fall back to whole snapshots
    return;
  }
  if (auto ec = journal.append_durably(journal_pending)) {
    add_log("lab", "", "state journal: cannot append: " + ec.message() + "; writing a snapshot instead");
    journal = {};
    compact_state();
    return;
  }
  journal_records += journal_pending_records;
  journal_pending.clear();
  journal_pending_records = 0;
  if (journal_records > std::max(min_records_before_compaction, table_sizes())) compact_state();
}

}  // namespace igdkit::sim
