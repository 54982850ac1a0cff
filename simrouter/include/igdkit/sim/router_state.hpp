#pragma once
// The port mapping table of the simulated router: pure data, `now` passed in, no clocks.
//
// - Lookup by key and by (external port, protocol) is O(log n).
// - The generic index (GetGenericPortMappingEntry) is 0-based insertion order: a new mapping
//   goes to the end, an overwrite keeps its slot, a delete or expiry compacts the slots after it.
//   index -> entry is O(1), so enumeration 0..n-1 is consistent between modifications.
// - Every accessor taking `now` first drops expired mappings, so nothing expired is ever seen.
// - SystemUpdateID grows by 1 per change of the table (add, overwrite, delete, each expiry).
#include "igdkit/sim/mapping.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace igdkit::sim {

enum class upsert_outcome { added, overwritten };

class router_state {
 public:
  router_state();
  ~router_state();
  router_state(router_state&&) noexcept;
  router_state& operator=(router_state&&) noexcept;

  // Drops every mapping whose lease has run out; returns how many.
  std::size_t expire(clock::time_point now);
  // When the first lease runs out (nullopt: no lease runs out).
  std::optional<clock::time_point> next_expiry() const;

  std::size_t size(clock::time_point now);
  const port_mapping* find(const mapping_key& key, clock::time_point now);
  const port_mapping* at_index(std::size_t index, clock::time_point now);
  // Every mapping on this external port and protocol, whatever its remote host.
  std::vector<port_mapping> on_port(std::uint16_t external_port, protocol proto, clock::time_point now);
  std::size_t count_for(const boost::asio::ip::address_v4& client, clock::time_point now);

  // Inserts, or overwrites the entry with the same key in place. Policy (conflicts, limits) is
  // the caller's job; this only keeps the table consistent.
  upsert_outcome upsert(port_mapping m, clock::time_point now);
  bool erase(const mapping_key& key, clock::time_point now);
  void clear();

  // Snapshot in generic-index order (expired entries dropped first).
  std::vector<port_mapping> list(clock::time_point now);
  std::uint32_t system_update_id() const noexcept { return system_update_id_; }

 private:
  struct table;
  std::unique_ptr<table> table_;
  std::uint32_t system_update_id_ = 1;
};

}  // namespace igdkit::sim
