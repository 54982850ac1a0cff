// One mapping and an optional address as the state file and its journal spell them.
#include "state_mapping_json.hpp"

namespace igdkit::sim::state_json {

namespace json = boost::json;
using namespace json_input;
using std::chrono::seconds;
using std::chrono::system_clock;

namespace {

// Unix seconds up to the year 2242: beyond any real lease (a v1 lease is at most 2^32-1 s), and
// small enough that the nanosecond clock arithmetic cannot overflow.
constexpr std::uint64_t max_expiry_seconds = std::uint64_t{1} << 33;

}  // namespace

json::value optional_address(const std::optional<boost::asio::ip::address_v4>& a) {
  return a ? json::value(a->to_string()) : json::value(nullptr);
}

json::object mapping_json(const port_mapping& m, const state_clocks& now) {
  json::value expires = nullptr;
  if (m.expires_at) {
    // Rounded up: a lease with 0.3 s left must not come back as already expired.
    const auto wall = now.system + std::chrono::duration_cast<system_clock::duration>(*m.expires_at - now.steady);
    expires = std::chrono::ceil<seconds>(wall.time_since_epoch()).count();
  }
  return json::object{
      {"protocol", to_string(m.key.proto)},
      {"external_port", m.key.external_port},
      {"remote_host", optional_address(m.key.remote_host)},
      {"internal_client", m.internal_client.to_string()},
      {"internal_port", m.internal_port},
      {"enabled", m.enabled},
      {"description", m.description},
      {"expires", std::move(expires)},
  };
}

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

}  // namespace igdkit::sim::state_json
