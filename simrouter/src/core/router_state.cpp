#include "igdkit/sim/router_state.hpp"

#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/global_fun.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index/ranked_index.hpp>
#include <boost/multi_index_container.hpp>

#include <optional>
#include <tuple>
#include <unordered_map>

namespace igdkit::sim {

std::chrono::seconds remaining_lease(const port_mapping& m, clock::time_point now) noexcept {
  if (!m.expires_at) return std::chrono::seconds{0};
  if (*m.expires_at <= now) return std::chrono::seconds{0};
  return std::chrono::ceil<std::chrono::seconds>(*m.expires_at - now);
}

namespace {

namespace bmi = boost::multi_index;

// A mapping and when it entered the table: the generic index is its rank in `order`.
struct entry {
  port_mapping m;
  std::uint64_t order = 0;
};

// Key extractors kept as free functions so the container sees plain values.
std::uint16_t ext_port_of(const entry& e) { return e.m.key.external_port; }
protocol proto_of(const entry& e) { return e.m.key.proto; }
// Wildcard sorts first; the bool keeps nullopt distinct from 0.0.0.0.
std::pair<bool, std::uint32_t> remote_of(const entry& e) {
  return e.m.key.remote_host ? std::pair{true, e.m.key.remote_host->to_uint()} : std::pair{false, 0u};
}
std::uint32_t client_of(const entry& e) { return e.m.internal_client.to_uint(); }
std::uint16_t internal_port_of(const entry& e) { return e.m.internal_port; }
clock::time_point expiry_of(const entry& e) { return e.m.expires_at.value_or(clock::time_point::max()); }

struct by_order {};
struct by_key {};
struct by_client {};
struct by_expiry {};

// Every operation is O(log n): the generic index is a rank in a ranked index (nth() and erase
// are logarithmic, where a random-access index would shift every later slot on each delete).
using container = bmi::multi_index_container<
    entry,
    bmi::indexed_by<
        bmi::ranked_unique<bmi::tag<by_order>, bmi::member<entry, std::uint64_t, &entry::order>>,
        bmi::ordered_unique<bmi::tag<by_key>,
                            bmi::composite_key<entry, bmi::global_fun<const entry&, std::uint16_t, &ext_port_of>,
                                               bmi::global_fun<const entry&, protocol, &proto_of>,
                                               bmi::global_fun<const entry&, std::pair<bool, std::uint32_t>, &remote_of>>>,
        bmi::ordered_non_unique<bmi::tag<by_client>,
                                bmi::composite_key<entry, bmi::global_fun<const entry&, std::uint32_t, &client_of>,
                                                   bmi::global_fun<const entry&, std::uint16_t, &internal_port_of>,
                                                   bmi::global_fun<const entry&, protocol, &proto_of>>>,
        bmi::ordered_non_unique<bmi::tag<by_expiry>, bmi::global_fun<const entry&, clock::time_point, &expiry_of>>>>;

auto key_tuple(const mapping_key& k) {
  auto remote = k.remote_host ? std::pair{true, k.remote_host->to_uint()} : std::pair{false, 0u};
  return std::make_tuple(k.external_port, k.proto, remote);
}

}  // namespace

struct router_state::table {
  container items;
  std::uint64_t next_order = 0;
  // Mappings per internal client, kept alongside: counting an ordered index's equal range
  // would walk every mapping of a client that holds the whole table.
  std::unordered_map<std::uint32_t, std::size_t> per_client;

  void counted(const port_mapping& m) { ++per_client[m.internal_client.to_uint()]; }
  void uncounted(const port_mapping& m) {
    const auto it = per_client.find(m.internal_client.to_uint());
    if (it != per_client.end() && --it->second == 0) per_client.erase(it);
  }
};

router_state::router_state() : table_(std::make_unique<table>()) {}
router_state::~router_state() = default;
router_state::router_state(router_state&&) noexcept = default;
router_state& router_state::operator=(router_state&&) noexcept = default;

std::size_t router_state::expire(clock::time_point now) {
  auto& idx = table_->items.get<by_expiry>();
  std::size_t removed = 0;
  // Ordered by expiry, so expired entries are a prefix; permanent ones sort last (max()).
  for (auto it = idx.begin(); it != idx.end() && is_expired(it->m, now);) {
    std::optional<port_mapping> gone;
    if (observer_) gone = it->m;
    table_->uncounted(it->m);
    it = idx.erase(it);
    ++removed;
    ++system_update_id_;
    if (gone) notify(&*gone, nullptr);
  }
  return removed;
}

std::optional<clock::time_point> router_state::next_expiry() const {
  const auto& idx = table_->items.get<by_expiry>();
  if (idx.empty() || !idx.begin()->m.expires_at) return std::nullopt;
  return idx.begin()->m.expires_at;
}

std::size_t router_state::size(clock::time_point now) {
  expire(now);
  return table_->items.size();
}

const port_mapping* router_state::find(const mapping_key& key, clock::time_point now) {
  expire(now);
  auto& idx = table_->items.get<by_key>();
  auto it = idx.find(key_tuple(key));
  return it == idx.end() ? nullptr : &it->m;
}

const port_mapping* router_state::at_index(std::size_t index, clock::time_point now) {
  expire(now);
  if (index >= table_->items.size()) return nullptr;
  return &table_->items.get<by_order>().nth(index)->m;
}

std::vector<port_mapping> router_state::on_port(std::uint16_t external_port, protocol proto, clock::time_point now) {
  expire(now);
  auto [first, last] = table_->items.get<by_key>().equal_range(std::make_tuple(external_port, proto));
  std::vector<port_mapping> out;
  for (auto it = first; it != last; ++it) out.push_back(it->m);
  return out;
}

std::size_t router_state::count_for(const boost::asio::ip::address_v4& client, clock::time_point now) {
  expire(now);
  const auto it = table_->per_client.find(client.to_uint());
  return it == table_->per_client.end() ? 0 : it->second;
}

std::vector<port_mapping> router_state::forwarding_to(const boost::asio::ip::address_v4& client,
                                                      std::uint16_t internal_port, protocol proto,
                                                      clock::time_point now) {
  expire(now);
  auto [first, last] = table_->items.get<by_client>().equal_range(std::make_tuple(client.to_uint(), internal_port, proto));
  std::vector<port_mapping> out;
  for (auto it = first; it != last; ++it) out.push_back(it->m);
  return out;
}

void router_state::for_each_in_range(std::uint16_t first, std::uint16_t last, protocol proto, clock::time_point now,
                                     const std::function<bool(const port_mapping&)>& visit) {
  expire(now);
  auto& idx = table_->items.get<by_key>();
  for (auto it = idx.lower_bound(std::make_tuple(first)); it != idx.end() && it->m.key.external_port <= last; ++it) {
    if (it->m.key.proto != proto) continue;
    if (!visit(it->m)) return;
  }
}

upsert_outcome router_state::upsert(port_mapping m, clock::time_point now) {
  expire(now);
  auto& idx = table_->items.get<by_key>();
  ++system_update_id_;
  if (auto it = idx.find(key_tuple(m.key)); it != idx.end()) {
    std::optional<port_mapping> before;
    if (observer_) before = it->m;
    table_->uncounted(it->m);
    table_->counted(m);
    // Same key and order, so the slot and uniqueness are preserved.
    idx.replace(it, entry{std::move(m), it->order});
    if (before) notify(&*before, &it->m);
    return upsert_outcome::overwritten;
  }
  table_->counted(m);
  const auto& added = *table_->items.insert(entry{std::move(m), table_->next_order++}).first;
  notify(nullptr, &added.m);
  return upsert_outcome::added;
}

bool router_state::erase(const mapping_key& key, clock::time_point now) {
  expire(now);
  auto& idx = table_->items.get<by_key>();
  auto it = idx.find(key_tuple(key));
  if (it == idx.end()) return false;
  std::optional<port_mapping> before;
  if (observer_) before = it->m;
  table_->uncounted(it->m);
  idx.erase(it);
  ++system_update_id_;
  if (before) notify(&*before, nullptr);
  return true;
}

void router_state::clear() {
  if (table_->items.empty()) return;
  auto items = std::move(table_->items);
  table_->items.clear();
  table_->per_client.clear();
  ++system_update_id_;
  if (observer_)
    for (const auto& e : items.get<by_order>()) notify(&e.m, nullptr);
}

std::vector<port_mapping> router_state::list(clock::time_point now) {
  expire(now);
  std::vector<port_mapping> out;
  out.reserve(table_->items.size());
  for (const auto& e : table_->items.get<by_order>()) out.push_back(e.m);
  return out;
}

}  // namespace igdkit::sim
