// The --state journal's records, and replaying them onto a loaded snapshot (state_journal.hpp).
#include "igdkit/sim/state_journal.hpp"

#include "json_input.hpp"
#include "state_mapping_json.hpp"

#include <boost/crc.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <map>
#include <tuple>
#include <vector>

namespace igdkit::sim {

namespace json = boost::json;
using namespace json_input;

namespace {

std::uint32_t crc_of(std::string_view payload) {
  boost::crc_32_type crc;
  crc.process_bytes(payload.data(), payload.size());
  return crc.checksum();
}

std::string line(const json::object& payload) {
  const auto text = json::serialize(payload);
  char hex[9];
  const auto crc = crc_of(text);
  for (int i = 7; i >= 0; --i) hex[7 - i] = "0123456789abcdef"[(crc >> (i * 4)) & 0xF];
  hex[8] = ' ';
  return std::string(hex, 9) + text + "\n";
}

std::string_view table_name(journal_table t) { return t == journal_table::home ? "home" : "upstream"; }

using key_tuple = std::tuple<std::uint16_t, protocol, bool, std::uint32_t>;
key_tuple tuple_of(const mapping_key& k) {
  return {k.external_port, k.proto, k.remote_host.has_value(), k.remote_host ? k.remote_host->to_uint() : 0u};
}

// One table being replayed: insertion order kept (the generic index), lookups by key.
class table_replay {
 public:
  explicit table_replay(std::vector<port_mapping>& target) : target_(target) {
    for (auto& m : target_) put(std::move(m));
  }
  void put(port_mapping m) {
    const auto [it, added] = where_.try_emplace(tuple_of(m.key), slots_.size());
    if (added)
      slots_.emplace_back(std::move(m));
    else
      slots_[it->second] = std::move(m);  // an overwrite keeps its slot
  }
  void erase(const mapping_key& k) {
    const auto it = where_.find(tuple_of(k));
    if (it == where_.end()) return;
    slots_[it->second].reset();
    where_.erase(it);
  }
  ~table_replay() {
    target_.clear();
    for (auto& m : slots_)
      if (m) target_.push_back(std::move(*m));
  }
  table_replay(const table_replay&) = delete;
  table_replay& operator=(const table_replay&) = delete;

 private:
  std::vector<port_mapping>& target_;
  std::vector<std::optional<port_mapping>> slots_;
  std::map<key_tuple, std::size_t> where_;
};

parsed<mapping_key> read_key(const json::object& o) {
  mapping_key k;
  const auto* proto = o.if_contains("protocol");
  const auto* text = proto ? proto->if_string() : nullptr;
  const auto parsed_proto = text ? protocol_from_wire(std::string_view(text->data(), text->size())) : std::nullopt;
  if (!parsed_proto) return missing_field("protocol");
  k.proto = *parsed_proto;
  const auto* port = o.if_contains("external_port");
  if (!port) return missing_field("external_port");
  auto p = read_uint_as<std::uint16_t>(*port, "external_port", 1, 65535);
  if (!p) return p.error();
  k.external_port = *p;
  const auto* remote = o.if_contains("remote_host");
  if (!remote) return missing_field("remote_host");
  auto r = state_json::read_optional_ipv4(*remote, "remote_host");
  if (!r) return r.error();
  k.remote_host = *r;
  return k;
}

// Applies one record; the problem names what is wrong with it.
std::optional<problem> apply(const json::object& o, persisted_state& state, table_replay& home, table_replay& upstream,
                             const state_clocks& now) {
  auto table_of = [&](const json::value& v) -> table_replay* {
    const auto* s = v.if_string();
    if (s && *s == "home") return &home;
    if (s && *s == "upstream") return &upstream;
    return nullptr;
  };
  if (const auto* t = o.if_contains("put")) {
    auto* table = table_of(*t);
    const auto* m = o.if_contains("mapping");
    if (!table || !m) return problem{config_errc::bad_field, "a put record needs \"put\" (home|upstream) and \"mapping\""};
    auto mapping = state_json::read_mapping(*m, "mapping", now);
    if (!mapping) return mapping.error();
    if (*mapping) {
      table->put(std::move(**mapping));
    } else if (const auto* mo = m->if_object()) {  // its lease ran out since: the key is gone
      auto key = read_key(*mo);
      if (!key) return key.error();
      table->erase(*key);
    }
    return std::nullopt;
  }
  if (const auto* t = o.if_contains("del")) {
    auto* table = table_of(*t);
    if (!table) return problem{config_errc::bad_field, "a del record names \"home\" or \"upstream\""};
    auto key = read_key(o);
    if (!key) return key.error();
    table->erase(*key);
    return std::nullopt;
  }
  if (const auto* m = o.if_contains("meta")) {
    const auto* mo = m->if_object();
    if (!mo) return problem{config_errc::bad_field, "\"meta\" must be an object"};
    auto boot = state_json::required(*mo, "boot_id", "meta");
    if (!boot) return boot.error();
    auto boot_id = read_uint_as<std::uint32_t>(**boot, "meta.boot_id", 1, 0x7FFF'FFFF);
    if (!boot_id) return boot_id.error();
    state.boot_id = *boot_id;
    for (auto [key, target] : {std::pair{"wan_ip", &state.wan_ip}, std::pair{"public_ip", &state.public_ip}}) {
      auto v = state_json::required(*mo, key, "meta");
      if (!v) return v.error();
      auto a = state_json::read_optional_ipv4(**v, key);
      if (!a) return a.error();
      *target = *a;
    }
    return std::nullopt;
  }
  return problem{config_errc::bad_field, "not a put, del or meta record"};
}

}  // namespace

std::string journal_put(journal_table table, const port_mapping& mapping, const state_clocks& now) {
  return line(json::object{{"put", table_name(table)}, {"mapping", state_json::mapping_json(mapping, now)}});
}

std::string journal_delete(journal_table table, const mapping_key& key) {
  return line(json::object{{"del", table_name(table)},
                           {"protocol", to_string(key.proto)},
                           {"external_port", key.external_port},
                           {"remote_host", state_json::optional_address(key.remote_host)}});
}

std::string journal_meta(std::uint32_t boot_id, const std::optional<boost::asio::ip::address_v4>& wan_ip,
                         const std::optional<boost::asio::ip::address_v4>& public_ip) {
  return line(json::object{{"meta", json::object{{"boot_id", boot_id},
                                                 {"wan_ip", state_json::optional_address(wan_ip)},
                                                 {"public_ip", state_json::optional_address(public_ip)}}}});
}

journal_replay replay_journal(std::string_view text, persisted_state& state, const state_clocks& now) {
  journal_replay out;
  table_replay home(state.home), upstream(state.upstream);
  std::size_t line_number = 0;
  while (out.valid_bytes < text.size()) {
    ++line_number;
    const auto rest = text.substr(out.valid_bytes);
    const auto end = rest.find('\n');
    auto stop = [&](std::string why) {
      out.torn = "line " + std::to_string(line_number) + ": " + why;
      return out;
    };
    if (end == std::string_view::npos) return stop("cut short (no end of line)");
    const auto record = rest.substr(0, end);
    std::uint32_t crc = 0;
    if (record.size() < 10 || record[8] != ' ' ||
        std::from_chars(record.data(), record.data() + 8, crc, 16).ptr != record.data() + 8)
      return stop("no checksum");
    const auto payload = record.substr(9);
    if (crc_of(payload) != crc) return stop("checksum mismatch");
    auto document = parse_text(payload);
    if (!document || !document->is_object()) return stop("not a JSON object");
    if (auto p = apply(document->get_object(), state, home, upstream, now)) return stop(p->message);
    ++out.records;
    out.valid_bytes += end + 1;
  }
  return out;
}

std::filesystem::path journal_path(const std::filesystem::path& state_file) {
  auto p = state_file;
  p += ".journal";
  return p;
}

}  // namespace igdkit::sim
