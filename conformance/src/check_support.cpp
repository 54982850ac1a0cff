#include "check_support.hpp"

#include "igdkit/address.hpp"
#include "igdkit/soap/upnp_error.hpp"
#include "igdkit/text.hpp"

#include <algorithm>
#include <iterator>


namespace igdkit::conformance::support {

void fail(check_result& r, std::string_view why) {
  r.outcome = verdict::fail;
  if (!r.message.empty()) r.message += "; ";
  r.message += why;
}

void skip(check_result& r, std::string_view why) {
  r.outcome = verdict::skip;
  r.message = std::string(why);
}

void note(check_result& r, std::string_view what) {
  if (!r.message.empty()) r.message += "; ";
  r.message += what;
}

const igd::description* need_description(session& s, check_result& r) {
  if (s.facts().description) return &*s.facts().description;
  skip(r, "the root description could not be read: " + s.facts().description_error.message());
  return nullptr;
}

const igd::service* need_wan(session& s, check_result& r) {
  if (!need_description(s, r)) return nullptr;
  if (s.facts().wan) return &s.facts().wan->connection;
  skip(r, "the device has no WANIPConnection or WANPPPConnection service");
  return nullptr;
}

const igd::service* need_service(session& s, check_result& r, igd::service_kind kind) {
  if (!need_description(s, r)) return nullptr;
  if (s.facts().wan) {
    const auto& w = *s.facts().wan;
    if (kind == igd::service_kind::wan_common_interface_config && w.common_interface_config)
      return &*w.common_interface_config;
    if (kind == igd::service_kind::wan_ipv6_firewall_control && w.ipv6_firewall) return &*w.ipv6_firewall;
    if (w.connection.kind == kind) return &w.connection;
  }
  skip(r, "the device has no such service");
  return nullptr;
}

bool need_version(session& s, check_result& r, unsigned min_version) {
  if (s.facts().igd_version >= min_version) return true;
  skip(r, "applies to IGD:" + std::to_string(min_version) + " and later; the device is IGD:" +
              std::to_string(s.facts().igd_version));
  return false;
}

bool need_destructive(session& s, check_result& r) {
  if (s.options().destructive) return true;
  skip(r, "touches mappings the suite did not create: run with --destructive");
  return false;
}

std::optional<std::uint16_t> need_free_port(session& s, check_result& r, protocol proto) {
  auto port = s.free_port(proto);
  if (!port) fail(r, "no free port found: GetSpecificPortMappingEntry never answered 714 NoSuchEntryInArray for an unmapped port");
  return port;
}

std::string describe(const http_answer& a) {
  if (!a.answered()) return "no answer: " + a.error.message();
  return "HTTP " + std::to_string(a.status);
}

std::string describe(const soap_answer& a) {
  auto out = describe(a.http);
  if (!a.http.answered()) return out;
  if (a.outcome.response.fault) {
    const int code = a.outcome.response.fault->code;
    out += ", UPnPError " + std::to_string(code) + " (" + std::string(soap::upnp_error_name(code)) + ")";
  } else if (a.outcome.ec) {
    out += ", " + a.outcome.ec.message();
  }
  return out;
}

std::optional<std::string> out_arg(const soap_answer& a, std::string_view name) {
  auto v = soap::find_argument(a.outcome.response.arguments, name);
  if (!v) return std::nullopt;
  return std::string(*v);
}

bool is_boolean(const std::optional<std::string>& text) {
  static constexpr std::string_view spellings[] = {"0", "1", "true", "false", "yes", "no"};
  return text && std::find(std::begin(spellings), std::end(spellings), *text) != std::end(spellings);
}

std::optional<std::uint64_t> numeric_arg(const soap_answer& a, std::string_view name, std::uint64_t max) {
  auto v = soap::find_argument(a.outcome.response.arguments, name);
  if (!v) return std::nullopt;
  return text::parse_decimal<std::uint64_t>(*v, max);
}

std::optional<std::string> raw_header(std::string_view message, std::string_view name) {
  std::size_t pos = message.find('\n');  // skip the start line
  while (pos != std::string_view::npos && pos + 1 < message.size()) {
    auto start = pos + 1;
    auto end = message.find('\n', start);
    auto line = message.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of headers
    auto colon = line.find(':');
    if (colon != std::string_view::npos && colon == name.size() && text::istarts_with(line, name)) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      return std::string(value);
    }
    pos = end;
  }
  return std::nullopt;
}

std::optional<std::string> header(const http_answer& a, std::string_view name) {
  auto it = a.headers.find(boost::beast::string_view(name.data(), name.size()));
  if (it == a.headers.end()) return std::nullopt;
  return std::string(it->value());
}

std::string msearch(const session& s, std::string_view st, std::string_view man) {
  std::string out = "M-SEARCH * HTTP/1.1\r\nHOST: " + host_port(s.facts().ssdp_endpoint) + "\r\n";
  if (!man.empty()) out += "MAN: " + std::string(man) + "\r\n";
  out += "ST: " + std::string(st) + "\r\nUSER-AGENT: igdkit-conformance/0.1 UPnP/1.1\r\n\r\n";
  return out;
}

soap::argument_list mapping_key(std::uint16_t port, protocol proto, std::string remote_host) {
  return {{"NewRemoteHost", std::move(remote_host)},
          {"NewExternalPort", std::to_string(port)},
          {"NewProtocol", std::string(to_string(proto))}};
}

}  // namespace igdkit::conformance::support
