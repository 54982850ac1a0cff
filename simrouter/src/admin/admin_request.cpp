// Admin API requests -> typed commands: routing, method, query and body checks.
#include "faults_json.hpp"
#include "igdkit/sim/admin_api.hpp"
#include "igdkit/text.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <array>
#include <span>

namespace igdkit::sim::admin {

namespace http = boost::beast::http;
namespace json = boost::json;
using namespace json_input;
using http::verb;

namespace {

constexpr verb get_only[] = {verb::get};
constexpr verb post_only[] = {verb::post};
constexpr verb get_post[] = {verb::get, verb::post};
constexpr verb get_post_delete[] = {verb::get, verb::post, verb::delete_};

struct route {
  std::string_view path;
  std::span<const verb> methods;
};

constexpr std::array<route, 8> routes{{
    {"/state", get_only},
    {"/probe", post_only},
    {"/endpoint", post_only},
    {"/wan-ip", get_post},
    {"/reboot", post_only},
    {"/faults", get_post_delete},
    {"/log", get_only},
    {"/violations", get_only},
}};

request_error error(http::status status, std::string message) { return {status, std::move(message), {}}; }
request_error bad_request(std::string message) { return error(http::status::bad_request, std::move(message)); }

std::string describe_request(const http_request& request, std::string_view path) {
  return std::string(request.method_string()) + " " + std::string(path);
}

// A required JSON object body; the problem names the request when it is missing entirely.
parsed<json::value> read_body(const http_request& request, std::string_view path) {
  if (request.body().empty()) return problem{config_errc::missing_field, describe_request(request, path) + " needs a JSON object body"};
  auto v = parse_text(request.body());
  if (!v) return v.error();
  if (auto o = read_object(*v, ""); !o) return o.error();
  return v;
}

// protocol, ip and port of a virtual public address, all required.
std::optional<request_error> read_public_target(const json::object& body, probe_request& out) {
  const auto* proto = body.if_contains("protocol");
  if (!proto) return bad_request(missing_field("protocol").message);
  const auto text = proto->if_string();
  const auto parsed_proto = text ? protocol_from_text(std::string_view(text->data(), text->size())) : std::nullopt;
  if (!parsed_proto) return bad_request(bad_field("protocol", R"("TCP" or "UDP")", *proto).message);
  out.proto = *parsed_proto;

  const auto* ip = body.if_contains("ip");
  if (!ip) return bad_request(missing_field("ip").message);
  auto address = read_ipv4(*ip, "ip");
  if (!address) return bad_request(address.error().message);
  out.ip = *address;

  const auto* port = body.if_contains("port");
  if (!port) return bad_request(missing_field("port").message);
  auto port_number = read_uint_as<std::uint16_t>(*port, "port", 1, 65535);
  if (!port_number) return bad_request(port_number.error().message);
  out.port = *port_number;
  return std::nullopt;
}

std::variant<command, request_error> parse_probe(const json::object& body) {
  if (auto p = reject_unknown(body, {"protocol", "ip", "port", "timeout_ms"}, "")) return bad_request(p->message);
  probe_request out;
  if (auto e = read_public_target(body, out)) return *e;
  if (const auto* timeout = body.if_contains("timeout_ms"); timeout && !timeout->is_null()) {
    auto ms = read_uint(*timeout, "timeout_ms", 1, static_cast<std::uint64_t>(max_probe_timeout.count()));
    if (!ms) return bad_request(ms.error().message);
    out.timeout = std::chrono::milliseconds(*ms);
  }
  return command{probe{out}};
}

std::variant<command, request_error> parse_open_endpoint(const json::object& body) {
  if (auto p = reject_unknown(body, {"protocol", "ip", "port"}, "")) return bad_request(p->message);
  probe_request target;
  if (auto e = read_public_target(body, target)) return *e;
  return command{open_endpoint{target.proto, target.ip, target.port}};
}

std::variant<command, request_error> parse_set_wan_ip(const json::object& body) {
  if (auto p = reject_unknown(body, {"ip", "public_ip"}, "")) return bad_request(p->message);
  set_wan_ip out;
  const auto* ip = body.if_contains("ip");
  if (!ip) return bad_request(missing_field("ip").message);
  auto wan = read_ipv4(*ip, "ip");
  if (!wan) return bad_request(wan.error().message);
  out.wan_ip = *wan;
  if (const auto* pub = body.if_contains("public_ip"); pub && !pub->is_null()) {
    auto address = read_ipv4(*pub, "public_ip");
    if (!address) return bad_request(address.error().message);
    out.public_ip = *address;
  }
  return command{out};
}

std::variant<command, request_error> parse_log_query(const boost::urls::url_view& url) {
  get_log out;
  bool seen_limit = false;
  for (const auto& param : url.params()) {
    if (param.key != "limit") {
      return bad_request("query parameter " + json::serialize(json::value(json::string_view(param.key))) +
                         " is not supported (only \"limit\")");
    }
    if (seen_limit) return bad_request("query parameter \"limit\" is given twice");
    seen_limit = true;
    const std::string requirement = "query parameter \"limit\": must be an integer 0.." + std::to_string(max_log_limit);
    const std::string& value = param.value;
    const auto n = igdkit::text::parse_decimal<std::size_t>(value, max_log_limit);
    if (!param.has_value || !n) return bad_request(requirement);
    out.limit = *n;
  }
  return command{out};
}

std::string allowed_list(std::span<const verb> methods) {
  std::string out;
  for (auto m : methods) {
    if (!out.empty()) out += ", ";
    out += http::to_string(m);
  }
  return out;
}

std::string known_paths() {
  std::string out;
  for (const auto& r : routes) {
    if (!out.empty()) out += ", ";
    out += r.path;
  }
  return out;
}

}  // namespace

std::variant<command, request_error> parse_request(const http_request& request) {
  auto url = boost::urls::parse_origin_form(request.target());
  if (!url) return bad_request("request target is not a path (origin-form \"/path?query\")");
  const std::string_view path = url->encoded_path();

  const route* found = nullptr;
  for (const auto& r : routes)
    if (r.path == path) found = &r;
  if (!found) return error(http::status::not_found, "no such resource " + std::string(path) + " (known: " + known_paths() + ")");

  const verb method = request.method();
  bool allowed = false;
  for (auto m : found->methods) allowed = allowed || m == method;
  if (!allowed) {
    return request_error{http::status::method_not_allowed,
                         "method " + std::string(request.method_string()) + " is not allowed on " + std::string(path) +
                             " (allowed: " + allowed_list(found->methods) + ")",
                         std::vector<verb>(found->methods.begin(), found->methods.end())};
  }

  if (request.body().size() > max_body_bytes) {
    return error(http::status::payload_too_large, "body is " + std::to_string(request.body().size()) +
                                                      " bytes; the limit is " + std::to_string(max_body_bytes));
  }

  if (path == "/log") return parse_log_query(*url);
  if (!url->encoded_query().empty()) return bad_request(describe_request(request, path) + " takes no query parameters");

  if (method == verb::get || method == verb::delete_) {
    if (!request.body().empty()) return bad_request(describe_request(request, path) + " takes no body");
    if (path == "/state") return command{get_state{}};
    if (path == "/wan-ip") return command{get_wan_ip{}};
    if (path == "/violations") return command{get_violations{}};
    if (method == verb::delete_) return command{clear_faults{}};
    return command{get_faults{}};
  }

  if (path == "/reboot") {
    // No arguments; an empty body or "{}" both mean "just reboot".
    if (request.body().empty()) return command{reboot{}};
    auto body = read_body(request, path);
    if (!body) return bad_request(body.error().message);
    if (auto p = reject_unknown(body->get_object(), {}, "")) return bad_request(p->message);
    return command{reboot{}};
  }

  auto body = read_body(request, path);
  if (!body) return bad_request(body.error().message);
  if (path == "/probe") return parse_probe(body->get_object());
  if (path == "/endpoint") return parse_open_endpoint(body->get_object());
  if (path == "/wan-ip") return parse_set_wan_ip(body->get_object());
  auto faults = read_faults(*body, "");
  if (!faults) return bad_request(faults.error().message);
  return command{set_faults{*faults}};
}

}  // namespace igdkit::sim::admin
