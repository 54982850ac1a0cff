// GENA header rules (UDA 1.1 §4.1.2-4.1.4), read with gena's own header parsers (the ones the
// router answers with), one header at a time so that every broken header is named.
#include "checks.hpp"

#include "igdkit/gena/error.hpp"
#include "igdkit/gena/headers.hpp"
#include "igdkit/text.hpp"

#include <boost/beast/http/verb.hpp>

namespace igdkit::sim::strict::detail {

namespace {

std::optional<std::string_view> header(const http_request& r, std::string_view name) {
  const auto it = r.find(name);
  if (it == r.end()) return std::nullopt;
  return std::string_view(it->value().data(), it->value().size());
}

std::string line(std::string_view name, std::optional<std::string_view> value) {
  return std::string(name) + ": " + std::string(value.value_or(""));
}

void check_timeout(const http_request& r, findings& out) {
  const auto t = header(r, "TIMEOUT");
  if (!t) return;  // optional: the publisher picks one
  if (gena::parse_timeout(*t)) return;
  const auto v = text::trim(*t);
  constexpr std::string_view prefix = "Second-";
  const bool infinite = text::istarts_with(v, prefix) && text::iequals(v.substr(prefix.size()), "infinite");
  out.push_back({"gena.timeout",
                 infinite ? std::string("TIMEOUT: Second-infinite is not allowed from UDA 1.1")
                          : "TIMEOUT is \"" + std::string(v) + "\", not Second-N",
                 evidence_of(line("TIMEOUT", t))});
}

}  // namespace

void check_subscription(const http_request& r, findings& out) {
  const auto sid = header(r, "SID"), nt = header(r, "NT"), callback = header(r, "CALLBACK");
  const bool unsubscribe = r.method() == boost::beast::http::verb::unsubscribe;
  if (sid || unsubscribe) {
    if (nt || callback)
      out.push_back({"gena.incompatible-headers",
                     std::string(unsubscribe ? "UNSUBSCRIBE" : "renewal") + " with " + (nt ? "NT" : "CALLBACK"),
                     evidence_of(nt ? line("NT", nt) : line("CALLBACK", callback))});
    if (!sid) out.push_back({"gena.sid-missing", "UNSUBSCRIBE without SID", evidence_of(std::string(r.target()))});
    if (!unsubscribe) check_timeout(r, out);
    return;
  }
  if (!nt || text::trim(*nt) != "upnp:event")
    out.push_back({"gena.nt", nt ? "NT is \"" + std::string(*nt) + "\"" : std::string("SUBSCRIBE without NT"),
                   evidence_of(line("NT", nt))});
  if (!callback) {
    out.push_back({"gena.callback", "SUBSCRIBE without CALLBACK", evidence_of(std::string(r.target()))});
  } else if (auto urls = gena::parse_callback(*callback, 64); !urls && urls.error() != gena::errc::too_many_callbacks) {
    // Too many is the publisher's cap, not a form error.
    out.push_back({"gena.callback", "CALLBACK is not <http://...> URLs", evidence_of(line("CALLBACK", callback))});
  }
  check_timeout(r, out);
}

}  // namespace igdkit::sim::strict::detail
