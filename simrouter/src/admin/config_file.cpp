// --config FILE: JSON -> lab_options on top of a base (fields and order in config_file.hpp).
#include "faults_json.hpp"
#include "igdkit/sim/config_file.hpp"

#include <boost/json/array.hpp>

namespace igdkit::sim {

namespace json = boost::json;
using namespace json_input;

namespace {

// BOOTID.UPNP.ORG is a 31-bit value (UDA 1.1 §1.2.2).
constexpr std::uint64_t max_boot_id = 0x7FFF'FFFF;
constexpr std::uint64_t max_mappings_limit = 1'000'000;
constexpr std::uint64_t max_probe_timeout_ms = 60'000;
constexpr std::uint64_t max_udp_idle_timeout_ms = 3'600'000;
constexpr std::uint64_t max_log_capacity = 1'000'000;

// Applies the fields of the config object to `out`, in the documented order.
class config_reader {
 public:
  config_reader(const json::object& object, lab_options& out) : object_(object), out_(out) {}

  std::optional<problem> apply() {
    if (auto p = reject_unknown(object_,
                                {"lan", "ssdp_port", "http_port", "admin", "admin_port", "igd_version", "mode", "wan_ip",
                                 "public_ip", "upstream_upnp", "profiles", "secure_mode", "multicast", "state",
                                 "boot_id", "max_mappings", "max_mappings_per_client", "eager_endpoints",
                                 "on_demand_endpoints", "endpoint_idle_timeout_ms", "probe_timeout_ms", "udp_idle_timeout_ms", "faults",
                                 "log_capacity", "lan_hosts", "allowed_ranges", "strict", "strict_capacity"},
                                "")) {
      return p;
    }
    for (auto step : {&config_reader::read_router, &config_reader::read_topology, &config_reader::read_lab,
                      &config_reader::read_permissions}) {
      if (auto p = (this->*step)()) return p;
    }
    return std::nullopt;
  }

 private:
  // Runs `apply(value)` when the field is present; the reader's problem is passed through.
  template <class Read, class Apply>
  std::optional<problem> field(std::string_view name, Read read, Apply apply) {
    const auto* v = object_.if_contains(name);
    if (!v) return std::nullopt;
    auto r = read(*v, name);
    if (!r) return r.error();
    apply(*r);
    return std::nullopt;
  }

  static auto uint_in(std::uint64_t min, std::uint64_t max) {
    return [=](const json::value& v, std::string_view path) { return read_uint(v, path, min, max); };
  }
  static std::uint16_t port(std::uint64_t n) { return static_cast<std::uint16_t>(n); }

  std::optional<problem> read_router() {
    auto& r = out_.router;
    if (auto p = field("lan", read_ip, [&](auto a) { r.lan = a; })) return p;
    if (auto p = field("ssdp_port", uint_in(0, 65535), [&](auto n) { r.ssdp_port = port(n); })) return p;
    if (auto p = field("http_port", uint_in(0, 65535), [&](auto n) { r.http_port = port(n); })) return p;
    if (auto p = field("igd_version", uint_in(1, 2), [&](auto n) {
          r.config.version = n == 1 ? igd_version::v1 : igd_version::v2;
        }))
      return p;
    if (auto p = field("secure_mode", read_bool, [&](bool b) { r.config.secure_mode = b; })) return p;
    if (auto p = field("multicast", read_bool, [&](bool b) { r.multicast = b; })) return p;
    if (auto p = field("boot_id", uint_in(1, max_boot_id), [&](auto n) { r.boot_id = static_cast<std::uint32_t>(n); }))
      return p;
    if (auto p = field("max_mappings", uint_in(0, max_mappings_limit),
                       [&](auto n) { r.config.max_mappings = static_cast<std::size_t>(n); }))
      return p;
    if (auto p = field("max_mappings_per_client", uint_in(0, max_mappings_limit),
                       [&](auto n) { r.config.max_mappings_per_client = static_cast<std::size_t>(n); }))
      return p;
    return std::nullopt;
  }

  std::optional<problem> read_topology() {
    auto& t = out_.topology;
    if (const auto* v = object_.if_contains("mode")) {
      constexpr std::string_view requirement = R"(one of "nat", "cgnat", "double-nat", "no-nat")";
      const auto* s = v->if_string();
      const auto mode = s ? parse_nat_mode(std::string_view(s->data(), s->size())) : std::nullopt;
      if (!mode) return bad_field("mode", requirement, *v);
      t = default_topology(*mode);
    }
    // nat and no-nat have no NAT in front of the home router: the Internet sees its WAN address.
    const bool public_is_wan = t.mode == nat_mode::nat || t.mode == nat_mode::no_nat;
    if (auto p = field("wan_ip", read_ipv4, [&](auto a) {
          t.wan_ip = a;
          if (public_is_wan) t.public_ip = a;
        }))
      return p;
    if (const auto* v = object_.if_contains("public_ip")) {
      auto a = read_ipv4(*v, "public_ip");
      if (!a) return a.error();
      if (public_is_wan && *a != t.wan_ip) {
        return bad_field("public_ip", "in mode \"" + std::string(to_string(t.mode)) +
                                          "\" the public address is the WAN address " + t.wan_ip.to_string() +
                                          "; set \"wan_ip\" instead");
      }
      t.public_ip = *a;
    }
    if (const auto* v = object_.if_contains("upstream_upnp")) {
      auto b = read_bool(*v, "upstream_upnp");
      if (!b) return b.error();
      if (*b && t.mode != nat_mode::double_nat) {
        return bad_field("upstream_upnp", "only applies to mode \"double-nat\" (mode is \"" +
                                              std::string(to_string(t.mode)) + "\")");
      }
      t.upstream_upnp = *b;
    }
    return std::nullopt;
  }

  std::optional<problem> read_lab() {
    if (auto p = field("admin", read_bool, [&](bool b) { out_.admin = b; })) return p;
    if (auto p = field("admin_port", uint_in(0, 65535), [&](auto n) { out_.admin_port = port(n); })) return p;
    if (auto p = field("probe_timeout_ms", uint_in(1, max_probe_timeout_ms),
                       [&](auto n) { out_.probe_timeout = std::chrono::milliseconds(n); }))
      return p;
    if (auto p = field("udp_idle_timeout_ms", uint_in(1, max_udp_idle_timeout_ms),
                       [&](auto n) { out_.udp_idle_timeout = std::chrono::milliseconds(n); }))
      return p;
    if (auto p = field("eager_endpoints", uint_in(0, max_mappings_limit),
                       [&](auto n) { out_.eager_endpoints = static_cast<std::size_t>(n); }))
      return p;
    if (auto p = field("on_demand_endpoints", uint_in(1, max_mappings_limit),
                       [&](auto n) { out_.on_demand_endpoints = static_cast<std::size_t>(n); }))
      return p;
    if (auto p = field("endpoint_idle_timeout_ms", uint_in(1, max_udp_idle_timeout_ms),
                       [&](auto n) { out_.endpoint_idle_timeout = std::chrono::milliseconds(n); }))
      return p;
    if (auto p = field("log_capacity", uint_in(0, max_log_capacity),
                       [&](auto n) { out_.log_capacity = static_cast<std::size_t>(n); }))
      return p;
    if (auto p = field("faults", read_faults, [&](const fault_set& f) { out_.faults = f; })) return p;
    if (auto p = field("strict", read_bool, [&](bool b) { out_.strict = b; })) return p;
    if (auto p = field("strict_capacity", uint_in(1, max_log_capacity),
                       [&](auto n) { out_.strict_capacity = static_cast<std::size_t>(n); }))
      return p;
    if (const auto* v = object_.if_contains("state")) {
      if (v->is_null()) {
        out_.state_file.reset();
      } else {
        const auto* s = v->if_string();
        if (!s || s->empty() || s->find('\0') != json::string::npos)
          return bad_field("state", "a file path (non-empty string) or null", *v);
        out_.state_file = std::filesystem::path(std::string(s->data(), s->size()));
      }
    }
    if (const auto* v = object_.if_contains("profiles")) {
      const auto* list = v->if_array();
      if (!list) return bad_field("profiles", "an array of profile names", *v);
      std::vector<std::string> names;
      for (std::size_t i = 0; i < list->size(); ++i) {
        const auto* s = (*list)[i].if_string();
        if (!s || s->empty()) return bad_field(element("profiles", i), "a profile name (non-empty string)", (*list)[i]);
        names.emplace_back(s->data(), s->size());
      }
      out_.profiles = std::move(names);
    }
    return std::nullopt;
  }

  std::optional<problem> read_permissions() {
    const auto* hosts = object_.if_contains("lan_hosts");
    const auto* ranges = object_.if_contains("allowed_ranges");
    if (!hosts && !ranges) return std::nullopt;
    std::vector<permission_rule> rules;
    if (hosts) {
      const auto* list = hosts->if_array();
      if (!list) return bad_field("lan_hosts", "an array of IPv4 addresses", *hosts);
      for (std::size_t i = 0; i < list->size(); ++i) {
        auto a = read_ipv4((*list)[i], element("lan_hosts", i));
        if (!a) return a.error();
        rules.push_back({permission_action::allow, {1024, 65535}, boost::asio::ip::network_v4(*a, 32), {1024, 65535}});
      }
    }
    if (ranges) {
      const auto* list = ranges->if_array();
      if (!list) return bad_field("allowed_ranges", "an array of permission lines", *ranges);
      for (std::size_t i = 0; i < list->size(); ++i) {
        const auto path = element("allowed_ranges", i);
        auto line = read_string((*list)[i], path);
        if (!line) return line.error();
        std::string why;
        auto rule = parse_permission_rule(*line, &why);
        if (!rule) return bad_field(path, why);
        rules.push_back(*rule);
      }
    } else {
      rules.push_back({permission_action::deny, {0, 65535}, boost::asio::ip::network_v4{}, {0, 65535}});
    }
    out_.router.config.permissions = std::move(rules);
    // Otherwise the router would replace these rules with the defaults for its LAN address.
    out_.router.lan_from_address = false;
    return std::nullopt;
  }

  const json::object& object_;
  lab_options& out_;
};

}  // namespace

result<lab_options> parse_lab_config(std::string_view text, lab_options base, std::string* message) {
  auto document = parse_text(text);
  if (!document) return report(document.error(), message);
  auto object = read_object(*document, "");
  if (!object) return report(object.error(), message);
  if (auto p = config_reader(**object, base).apply()) return report(*p, message);
  return base;
}

}  // namespace igdkit::sim
