#pragma once
// The port mapping table of the simulated router: pure data, `now` passed in, no clocks.
//
// - Every lookup and change is O(log n) whatever the table size (131,070 mappings: every port).
// - The generic index (GetGenericPortMappingEntry) is 0-based insertion order: a new mapping
//   goes to the end, an overwrite keeps its slot, a delete or expiry compacts the slots after it.
//   index -> entry is O(log n), so enumeration 0..n-1 is consistent between modifications.
// - Every accessor taking `now` first drops expired mappings, so nothing expired is ever seen.
// - SystemUpdateID grows by 1 per change of the table (add, overwrite, delete, each expiry).
// - An observer hears every change as (before, after), so the lab's data path and the state
//   journal follow the table change by change instead of re-reading all of it.
#include "igdkit/sim/mapping.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace igdkit::sim {

enum class upsert_outcome { added, overwritten };

// before = nullptr: added; after = nullptr: removed (deleted, expired or cleared); both: overwritten.
using mapping_observer = std::function<void(const port_mapping* before, const port_mapping* after)>;

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
  // Every mapping forwarding `proto` to client:internal_port (a double NAT's upstream hop).
  std::vector<port_mapping> forwarding_to(const boost::asio::ip::address_v4& client, std::uint16_t internal_port,
                                          protocol proto, clock::time_point now);
  // Visits the mappings for `proto` with external ports in [first, last], in port order, until
  // `visit` returns false. Nothing is copied: a listing page costs its own size.
  void for_each_in_range(std::uint16_t first, std::uint16_t last, protocol proto, clock::time_point now,
                         const std::function<bool(const port_mapping&)>& visit);

  // Inserts, or overwrites the entry with the same key in place. Policy (conflicts, limits) is
  // the caller's job; this only keeps the table consistent.
  upsert_outcome upsert(port_mapping m, clock::time_point now);
  bool erase(const mapping_key& key, clock::time_point now);
  void clear();

  // Snapshot in generic-index order (expired entries dropped first).
  std::vector<port_mapping> list(clock::time_point now);
  std::uint32_t system_update_id() const noexcept { return system_update_id_; }

  void set_observer(mapping_observer observer) { observer_ = std::move(observer); }

 private:
  void notify(const port_mapping* before, const port_mapping* after) const {
    if (observer_) observer_(before, after);
  }

  struct table;
  std::unique_ptr<table> table_;
  mapping_observer observer_;
  std::uint32_t system_update_id_ = 1;
};

}  // namespace igdkit::sim
