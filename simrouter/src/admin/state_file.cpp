// persisted_state <-> the state file's JSON (format in state_file.hpp).
#include "igdkit/sim/state_file.hpp"

#include "igdkit/sim/device_uuid.hpp"
#include "json_input.hpp"
#include "json_text.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <set>
#include <tuple>

namespace igdkit::sim {

namespace json = boost::json;
using namespace json_input;
using std::chrono::seconds;
using std::chrono::system_clock;

namespace {

class state_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "igdkit.lab.state_file"; }
  std::string message(int value) const override {
    switch (static_cast<state_file_errc>(value)) {
      case state_file_errc::corrupt: return "state file is corrupt";
      case state_file_errc::wrong_format: return "not an igdkit simrouter state file";
      case state_file_errc::unsupported_version: return "state file version not supported";
      case state_file_errc::too_large: return "state file is too large";
    }
    return "unknown state file error";
  }
};

// Unix seconds up to the year 2242: beyond any real lease (a v1 lease is at most 2^32-1 s), and
// small enough that the nanosecond clock arithmetic cannot overflow.
constexpr std::uint64_t max_expiry_seconds = std::uint64_t{1} << 33;

json::value optional_address(const std::optional<boost::asio::ip::address_v4>& a) {
  return a ? json::value(a->to_string()) : json::value(nullptr);
}

json::array mappings_json(const std::vector<port_mapping>& mappings, const state_clocks& now) {
  json::array out;
  for (const auto& m : mappings) {
    if (is_expired(m, now.steady)) continue;
    json::value expires = nullptr;
    if (m.expires_at) {
      // Rounded up: a lease with 0.3 s left must not come back as already expired.
      const auto wall = now.system + std::chrono::duration_cast<system_clock::duration>(*m.expires_at - now.steady);
      expires = std::chrono::ceil<seconds>(wall.time_since_epoch()).count();
    }
    out.push_back(json::object{
        {"protocol", to_string(m.key.proto)},
        {"external_port", m.key.external_port},
        {"remote_host", optional_address(m.key.remote_host)},
        {"internal_client", m.internal_client.to_string()},
        {"internal_port", m.internal_port},
        {"enabled", m.enabled},
        {"description", m.description},
        {"expires", std::move(expires)},
    });
  }
  return out;
}

struct state_problem {
  state_file_errc code = state_file_errc::corrupt;
  std::string message;
};

// A required field of `object` (at `path`).
parsed<const json::value*> required(const json::object& object, std::string_view key, std::string_view path) {
  if (const auto* v = object.if_contains(key)) return v;
  return missing_field(child(path, key));
}

parsed<std::optional<boost::asio::ip::address_v4>> read_optional_ipv4(const json::value& v, std::string_view path) {
  if (v.is_null()) return std::optional<boost::asio::ip::address_v4>{};
  auto a = read_ipv4(v, path);
  if (!a) return a.error();
  return std::optional{*a};
}

// One mapping; std::nullopt (not an error) when its lease ran out while the file sat on disk.
parsed<std::optional<port_mapping>> read_mapping(const json::value& v, std::string_view path, const state_clocks& now) {
  auto object = read_object(v, path);
  if (!object) return object.error();
  const auto& o = **object;
  if (auto p = reject_unknown(o, {"protocol", "external_port", "remote_host", "internal_client", "internal_port",
                                  "enabled", "description", "expires"},
                              path))
    return *p;
  for (std::string_view key : {"protocol", "external_port", "remote_host", "internal_client", "internal_port", "enabled",
                               "description", "expires"}) {
    if (!o.contains(key)) return missing_field(child(path, key));
  }
  port_mapping m;
  const auto& proto = o.at("protocol");
  const auto* proto_text = proto.if_string();
  const auto parsed_proto =
      proto_text ? protocol_from_wire(std::string_view(proto_text->data(), proto_text->size())) : std::nullopt;
  if (!parsed_proto) return bad_field(child(path, "protocol"), R"("TCP" or "UDP")", proto);
  m.key.proto = *parsed_proto;

  auto external = read_uint_as<std::uint16_t>(o.at("external_port"), child(path, "external_port"), 1, 65535);
  if (!external) return external.error();
  m.key.external_port = *external;
  auto remote = read_optional_ipv4(o.at("remote_host"), child(path, "remote_host"));
  if (!remote) return remote.error();
  m.key.remote_host = *remote;
  auto client = read_ipv4(o.at("internal_client"), child(path, "internal_client"));
  if (!client) return client.error();
  m.internal_client = *client;
  auto internal = read_uint_as<std::uint16_t>(o.at("internal_port"), child(path, "internal_port"), 1, 65535);
  if (!internal) return internal.error();
  m.internal_port = *internal;
  auto enabled = read_bool(o.at("enabled"), child(path, "enabled"));
  if (!enabled) return enabled.error();
  m.enabled = *enabled;
  auto description = read_string(o.at("description"), child(path, "description"));
  if (!description) return description.error();
  m.description = std::string(*description);

  const auto& expires = o.at("expires");
  if (!expires.is_null()) {
    auto unix_seconds = read_uint(expires, child(path, "expires"), 0, max_expiry_seconds);
    if (!unix_seconds) {
      return bad_field(child(path, "expires"), "null (permanent) or unix seconds 0.." + std::to_string(max_expiry_seconds),
                       expires);
    }
    const system_clock::time_point wall{seconds(static_cast<std::int64_t>(*unix_seconds))};
    if (wall <= now.system) return std::optional<port_mapping>{};
    m.expires_at = now.steady + std::chrono::duration_cast<clock::duration>(wall - now.system);
  }
  return std::optional{std::move(m)};
}

parsed<std::vector<port_mapping>> read_table(const json::object& o, std::string_view key, const state_clocks& now) {
  auto v = required(o, key, "");
  if (!v) return v.error();
  const auto* list = (*v)->if_array();
  if (!list) return bad_field(key, "an array of mappings", **v);
  std::vector<port_mapping> out;
  // A key twice would silently lose one mapping when loaded into the router; refuse instead.
  std::set<std::tuple<std::uint32_t, bool, std::uint16_t, int>> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = element(key, i);
    auto m = read_mapping((*list)[i], path, now);
    if (!m) return m.error();
    if (!*m) continue;
    const auto& k = (*m)->key;
    const auto id = std::tuple(k.remote_host ? k.remote_host->to_uint() : 0u, k.remote_host.has_value(), k.external_port,
                               static_cast<int>(k.proto));
    if (!seen.insert(id).second)
      return bad_field(path, "duplicates an earlier mapping (same remote_host, external_port and protocol)");
    out.push_back(std::move(**m));
  }
  return out;
}

boost::system::result<persisted_state, state_problem> read_state(std::string_view text, const state_clocks& now) {
  auto corrupt = [](const problem& p) { return state_problem{state_file_errc::corrupt, p.message}; };
  auto document = parse_text(text);
  if (!document) return corrupt(document.error());
  auto object = read_object(*document, "");
  if (!object) return corrupt(object.error());
  const auto& o = **object;

  // Identify the file before judging its content: a foreign JSON file is not "corrupt".
  const auto* format = o.if_contains("format");
  const auto* format_text = format ? format->if_string() : nullptr;
  if (!format_text || std::string_view(format_text->data(), format_text->size()) != state_file_format) {
    const std::string requirement = "\"" + std::string(state_file_format) + "\"";
    return state_problem{state_file_errc::wrong_format,
                         format ? bad_field("format", requirement, *format).message : missing_field("format").message};
  }
  const auto* version = o.if_contains("version");
  if (!version) return corrupt(missing_field("version"));
  if (!version->is_int64() && !version->is_uint64()) return corrupt(bad_field("version", "an integer", *version));
  if (!version->is_int64() || version->get_int64() != state_file_version) {
    return state_problem{state_file_errc::unsupported_version,
                         "version " + json::serialize(*version) + " is not supported (this build reads version " +
                             std::to_string(state_file_version) + ")"};
  }
  if (auto p = reject_unknown(o, {"format", "version", "boot_id", "device_uuid", "wan_ip", "public_ip", "home", "upstream"}, ""))
    return corrupt(*p);

  persisted_state out;
  auto boot = required(o, "boot_id", "");
  if (!boot) return corrupt(boot.error());
  auto boot_id = read_uint_as<std::uint32_t>(**boot, "boot_id", 1, 0x7FFF'FFFF);
  if (!boot_id) return corrupt(boot_id.error());
  out.boot_id = *boot_id;
  if (const auto* uuid = o.if_contains("device_uuid")) {  // optional: older files lack it
    const auto canonical = uuid->is_string() ? canonical_device_uuid(uuid->get_string()) : std::nullopt;
    if (!canonical) return corrupt(bad_field("device_uuid", "a UUID string", *uuid));
    out.device_uuid = *canonical;
  }
  for (auto [key, target] : {std::pair{"wan_ip", &out.wan_ip}, std::pair{"public_ip", &out.public_ip}}) {
    auto v = required(o, key, "");
    if (!v) return corrupt(v.error());
    auto a = read_optional_ipv4(**v, key);
    if (!a) return corrupt(a.error());
    *target = *a;
  }
  auto home = read_table(o, "home", now);
  if (!home) return corrupt(home.error());
  out.home = std::move(*home);
  auto upstream = read_table(o, "upstream", now);
  if (!upstream) return corrupt(upstream.error());
  out.upstream = std::move(*upstream);
  return out;
}

}  // namespace

const std::error_category& state_file_category() noexcept {
  static const state_category_impl category;
  return category;
}

std::error_code make_error_code(state_file_errc e) noexcept { return {static_cast<int>(e), state_file_category()}; }

std::string serialize_state(const persisted_state& state, const state_clocks& now) {
  json::object document{
      {"format", state_file_format},
      {"version", state_file_version},
      {"boot_id", state.boot_id},
      {"wan_ip", optional_address(state.wan_ip)},
      {"public_ip", optional_address(state.public_ip)},
      {"home", mappings_json(state.home, now)},
      {"upstream", mappings_json(state.upstream, now)},
  };
  if (!state.device_uuid.empty()) document["device_uuid"] = state.device_uuid;
  return json_text::serialize(document) + "\n";
}

result<persisted_state> parse_state(std::string_view text, const state_clocks& now, std::string* message) {
  auto r = read_state(text, now);
  if (!r) {
    if (message) *message = r.error().message;
    return make_error_code(r.error().code);
  }
  return std::move(*r);
}

}  // namespace igdkit::sim
