#include "igdkit/igd/keeper/state_store.hpp"

#include "igdkit/file_io.hpp"
#include "igdkit/igd/error.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace igdkit::igd::keeper {
namespace json = boost::json;

namespace {

constexpr std::string_view format_name = "igdkit-keeper-state";
constexpr std::int64_t format_version = 1;
constexpr std::uintmax_t max_state_bytes = std::uintmax_t{4} * 1024 * 1024;

struct reader {
  std::string* why;
  std::error_code fail(std::string message, errc e = errc::state_file_corrupt) const {
    if (why) *why = std::move(message);
    return make_error_code(e);
  }
};

result<std::string> text_field(const json::object& o, std::string_view key, const reader& r, std::string_view where) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return r.fail(std::string(where) + std::string(key) + ": expected a string");
  return std::string(v->get_string());
}

result<std::uint16_t> port_field(const json::object& o, std::string_view key, const reader& r, std::string_view where) {
  const auto* v = o.if_contains(key);
  const auto* n = v ? v->if_int64() : nullptr;
  if (!n || *n < 1 || *n > 65535) return r.fail(std::string(where) + std::string(key) + ": expected a port 1-65535");
  return static_cast<std::uint16_t>(*n);
}

result<remembered_port> parse_port(const json::value& v, std::size_t index, const reader& r) {
  const std::string where = "ports[" + std::to_string(index) + "].";
  const auto* o = v.if_object();
  if (!o) return r.fail(where.substr(0, where.size() - 1) + ": expected an object");
  remembered_port p;
  auto set = text_field(*o, "set", r, where);
  if (!set) return set.error();
  auto label = text_field(*o, "label", r, where);
  if (!label) return label.error();
  p.id = {std::move(*set), std::move(*label)};
  auto proto = text_field(*o, "protocol", r, where);
  if (!proto) return proto.error();
  auto parsed = protocol_from_text(*proto);
  if (!parsed) return r.fail(where + "protocol: expected \"TCP\" or \"UDP\"");
  p.proto = *parsed;
  auto ext = port_field(*o, "external_port", r, where);
  if (!ext) return ext.error();
  p.external_port = *ext;
  auto internal = port_field(*o, "internal_port", r, where);
  if (!internal) return internal.error();
  p.internal_port = *internal;
  auto client = text_field(*o, "internal_client", r, where);
  if (!client) return client.error();
  boost::system::error_code aec;
  p.internal_client = boost::asio::ip::make_address_v4(*client, aec);
  if (aec) return r.fail(where + "internal_client: expected an IPv4 address");
  const auto* permanent = o->if_contains("permanent");
  if (!permanent || !permanent->is_bool()) return r.fail(where + "permanent: expected true or false");
  p.permanent = permanent->get_bool();
  return p;
}

}  // namespace

std::string render_state(const saved_state& state) {
  json::array ports;
  for (const auto& p : state.ports) {
    ports.push_back(json::object{{"set", p.id.set},
                                 {"label", p.id.label},
                                 {"protocol", igdkit::to_string(p.proto)},
                                 {"external_port", p.external_port},
                                 {"internal_client", p.internal_client.to_string()},
                                 {"internal_port", p.internal_port},
                                 {"permanent", p.permanent}});
  }
  json::object root{{"format", format_name}, {"version", format_version}, {"gateway", state.gateway_udn},
                    {"ports", std::move(ports)}};
  return json::serialize(root) + "\n";
}

result<saved_state> parse_state(std::string_view text, std::string* why) {
  const reader r{why};
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) return r.fail("not JSON: " + ec.message());
  const auto* root = v.if_object();
  if (!root) return r.fail("expected a JSON object");
  const auto* format = root->if_contains("format");
  if (!format || !format->is_string() || format->get_string() != format_name)
    return r.fail("format: expected \"" + std::string(format_name) + "\"", errc::state_file_unsupported);
  const auto* version = root->if_contains("version");
  if (!version || !version->is_int64() || version->get_int64() != format_version)
    return r.fail("version: expected " + std::to_string(format_version), errc::state_file_unsupported);
  saved_state out;
  auto gateway = text_field(*root, "gateway", r, "");
  if (!gateway) return gateway.error();
  out.gateway_udn = std::move(*gateway);
  const auto* ports = root->if_contains("ports");
  if (!ports || !ports->is_array()) return r.fail("ports: expected an array");
  for (std::size_t i = 0; i < ports->get_array().size(); ++i) {
    auto p = parse_port(ports->get_array()[i], i, r);
    if (!p) return p.error();
    out.ports.push_back(std::move(*p));
  }
  return out;
}

result<saved_state> load_state(const std::filesystem::path& path, std::string* why) {
  auto text = read_small_file(path, max_state_bytes);
  if (!text) {
    if (why) *why = path.string() + ": " + text.error().message();
    return text.error();
  }
  if (!*text) return saved_state{};
  std::string detail;
  auto parsed = parse_state(**text, &detail);
  if (!parsed && why) *why = path.string() + ": " + detail;
  return parsed;
}

std::error_code save_state(const std::filesystem::path& path, const saved_state& state) {
  return write_file_atomically(path, render_state(state));
}

}  // namespace igdkit::igd::keeper
