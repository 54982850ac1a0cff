// The --state file: read once at start, rewritten atomically whenever a table, the boot id or
// an address changed. Written from the request observer, i.e. before the router's answer goes
// out, so a mapping the client saw acknowledged survives a kill -9.
#include "lab_impl.hpp"

namespace igdkit::sim {

std::error_code lab::impl::load_state(std::string* detail) {
  if (!options.state_file) return {};
  std::string message;
  auto loaded = load_state_file(*options.state_file, state_clocks::now(), &message);
  if (!loaded) {
    if (detail) *detail = "state file " + message;
    return loaded.error();
  }
  if (!*loaded) return {};  // no file yet: a first start
  restored = std::move(**loaded);
  // Restarting is a power cycle: the boot id moves on whether or not the table survives.
  options.router.boot_id = restored->boot_id + 1;
  // Same identity as before the restart, unless the command line names one.
  if (options.router.layout.root_uuid.empty()) options.router.layout.root_uuid = restored->device_uuid;
  if (restored->wan_ip) options.topology.wan_ip = *restored->wan_ip;
  if (restored->public_ip) options.topology.public_ip = *restored->public_ip;
  return {};
}

void lab::impl::restore_mappings() {
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

void lab::impl::save_state_if_changed() {
  if (!options.state_file || !home) return;
  const saved_marker marker{home->handler().system_update_id(),
                            upstream ? upstream->handler().system_update_id() : 0u, home->boot_id(),
                            options.topology.wan_ip, options.topology.public_ip};
  if (saved == marker) return;
  const auto clocks = state_clocks::now();
  persisted_state state;
  state.boot_id = home->boot_id();
  state.device_uuid = home->device_uuid();
  state.wan_ip = options.topology.wan_ip;
  state.public_ip = options.topology.public_ip;
  state.home = home->mappings();
  if (upstream) state.upstream = upstream->mappings();
  if (auto ec = save_state_file(*options.state_file, state, clocks)) {
    add_log("lab", "", "state file " + options.state_file->string() + ": cannot write: " + ec.message());
    return;
  }
  saved = marker;
}

}  // namespace igdkit::sim
