// Rules every request shares (HTTP version, Host), then the control or event rules by path.
#include "igdkit/sim/strict/http_checks.hpp"

#include "checks.hpp"
#include "igdkit/text.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>

namespace igdkit::sim::strict {

namespace {

namespace http = boost::beast::http;

std::string request_line(const http_request& r) {
  return std::string(r.method_string()) + " " + std::string(r.target()) + " HTTP/" + std::to_string(r.version() / 10) +
         "." + std::to_string(r.version() % 10);
}

// "host:80" and "host" are the same authority (RFC 7230 §5.4: the default port may be omitted).
bool same_authority(std::string_view sent, std::string_view expected) {
  if (text::iequals(sent, expected)) return true;
  if (text::iequals(std::string(sent) + ":80", expected)) return true;
  return text::iequals(sent, std::string(expected) + ":80");
}

void check_host(const http_request& request, std::span<const std::string> hosts, detail::findings& out) {
  const auto it = request.find(http::field::host);
  if (it == request.end()) {
    out.push_back({"http.host-missing", "request without a Host header", evidence_of(request_line(request))});
    return;
  }
  const auto sent = text::trim(std::string_view(it->value().data(), it->value().size()));
  if (hosts.empty()) return;
  if (std::any_of(hosts.begin(), hosts.end(), [&](const std::string& h) { return same_authority(sent, h); })) return;
  out.push_back({"http.host-mismatch", "Host is \"" + std::string(sent) + "\", the router is " + hosts.front(),
                 evidence_of("Host: " + std::string(sent))});
}

}  // namespace

std::vector<finding> check_http_request(const http_request& request, const root_layout& layout,
                                        std::span<const std::string> hosts) {
  detail::findings out;
  if (request.version() != 11)
    out.push_back({"http.version", "request line says HTTP/" + std::to_string(request.version() / 10) + "." +
                                       std::to_string(request.version() % 10),
                   evidence_of(request_line(request))});
  check_host(request, hosts, out);

  auto target = boost::urls::parse_origin_form(request.target());
  if (!target) return out;
  const auto match = match_path(layout, target->encoded_path());
  if (!match || !match->service) return out;
  if (match->role == path_role::control && request.method() == http::verb::post)
    detail::check_control(request, *match->service, out);
  if (match->role == path_role::event &&
      (request.method() == http::verb::subscribe || request.method() == http::verb::unsubscribe))
    detail::check_subscription(request, out);
  return out;
}

}  // namespace igdkit::sim::strict
