// persisted_state <-> the state file's JSON (format in state_file.hpp).
#include "igdkit/sim/state_file.hpp"

#include "igdkit/sim/device_uuid.hpp"
#include "json_input.hpp"
#include "state_mapping_json.hpp"
#include "json_text.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <set>
#include <tuple>

namespace igdkit::sim {

namespace json = boost::json;
using namespace json_input;
using namespace state_json;

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

json::array mappings_json(const std::vector<port_mapping>& mappings, const state_clocks& now) {
  json::array out;
  for (const auto& m : mappings)
    if (!is_expired(m, now.steady)) out.push_back(state_json::mapping_json(m, now));
  return out;
}

struct state_problem {
  state_file_errc code = state_file_errc::corrupt;
  std::string message;
};

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
