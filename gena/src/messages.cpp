#include "igdkit/gena/messages.hpp"

#include "igdkit/gena/error.hpp"
#include "igdkit/gena/headers.hpp"
#include "igdkit/text.hpp"

#include <boost/beast/http/field.hpp>

namespace igdkit::gena {

namespace http = boost::beast::http;

namespace {

std::optional<std::string_view> header(const http::fields& f, std::string_view name) {
  const auto it = f.find(name);
  if (it == f.end()) return std::nullopt;
  return text::trim(std::string_view(it->value().data(), it->value().size()));
}

http_request bodiless(http::verb verb, std::string_view target) {
  http_request req{verb, target, 11};
  req.content_length(0);
  return req;
}

}  // namespace

result<subscription_request> read_subscription_request(const http_request& request, std::size_t max_callbacks) {
  const auto sid = header(request, "SID");
  const auto callback = header(request, "CALLBACK");
  const auto nt = header(request, "NT");
  subscription_request out;
  if (request.method() == http::verb::unsubscribe) {
    if (callback || nt) return make_error_code(errc::incompatible_headers);
    if (!sid || sid->empty()) return make_error_code(errc::missing_sid);
    out.kind = request_kind::unsubscribe;
    out.sid = std::string(*sid);
    return out;
  }
  if (const auto t = header(request, "TIMEOUT")) out.timeout = parse_timeout(*t);
  if (sid) {
    if (callback || nt) return make_error_code(errc::incompatible_headers);
    if (sid->empty()) return make_error_code(errc::missing_sid);
    out.kind = request_kind::renew;
    out.sid = std::string(*sid);
    return out;
  }
  if (!nt || *nt != event_nt) return make_error_code(errc::bad_nt);
  if (!callback) return make_error_code(errc::missing_callback);
  auto urls = parse_callback(*callback, max_callbacks);
  if (!urls) return urls.error();
  out.kind = request_kind::subscribe;
  out.callbacks = std::move(*urls);
  return out;
}

http_request make_subscribe_request(std::string_view target, const boost::urls::url& callback,
                                    std::optional<std::chrono::seconds> timeout) {
  auto req = bodiless(http::verb::subscribe, target);
  req.set("CALLBACK", format_callback(callback));
  req.set("NT", event_nt);
  if (timeout) req.set("TIMEOUT", format_timeout(*timeout));
  return req;
}

http_request make_renew_request(std::string_view target, std::string_view sid,
                                std::optional<std::chrono::seconds> timeout) {
  auto req = bodiless(http::verb::subscribe, target);
  req.set("SID", sid);
  if (timeout) req.set("TIMEOUT", format_timeout(*timeout));
  return req;
}

http_request make_unsubscribe_request(std::string_view target, std::string_view sid) {
  auto req = bodiless(http::verb::unsubscribe, target);
  req.set("SID", sid);
  return req;
}

http_response make_grant_response(const http_request& request, const grant& g, std::string_view server) {
  http_response res{http::status::ok, request.version()};
  res.set(http::field::server, server);
  res.set("SID", g.sid);
  res.set("TIMEOUT", format_timeout(g.timeout));
  res.keep_alive(request.keep_alive());
  res.content_length(0);
  return res;
}

result<grant> read_subscribe_response(unsigned status, const http::fields& headers, std::chrono::seconds assumed) {
  if (status == 404 || status == 405 || status == 501) return make_error_code(errc::eventing_unsupported);
  if (status == 412) return make_error_code(errc::unknown_sid);
  if (status != 200) return make_error_code(errc::subscribe_refused);
  const auto sid = header(headers, "SID");
  if (!sid || sid->empty()) return make_error_code(errc::bad_subscribe_response);
  grant g{std::string(*sid), assumed};
  if (const auto t = header(headers, "TIMEOUT")) {
    if (const auto seconds = parse_timeout(*t)) g.timeout = *seconds;
  }
  return g;
}

http_request make_notify_request(const boost::urls::url& callback, std::string_view sid, std::uint32_t seq,
                                 std::string body, std::string_view content_type) {
  std::string target(callback.encoded_target());
  if (target.empty()) target = "/";
  http_request req{http::verb::notify, target, 11};
  req.set(http::field::content_type, content_type);
  req.set("NT", event_nt);
  req.set("NTS", propchange_nts);
  req.set("SID", sid);
  req.set("SEQ", std::to_string(seq));
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

result<notification> read_notify_request(const http_request& request, const propertyset_limits& limits) {
  const auto nt = header(request, "NT");
  const auto nts = header(request, "NTS");
  if (!nt || !nts) return make_error_code(errc::missing_nt);  // UDA 2.0 §4.3.2: 400, a wrong value 412
  if (*nt != event_nt) return make_error_code(errc::bad_nt);
  if (*nts != propchange_nts) return make_error_code(errc::bad_nts);
  const auto sid = header(request, "SID");
  if (!sid || sid->empty()) return make_error_code(errc::missing_sid);
  const auto seq_text = header(request, "SEQ");
  const auto seq = seq_text ? parse_seq(*seq_text) : std::nullopt;
  if (!seq) return make_error_code(errc::bad_seq);
  auto properties = parse_propertyset(request.body(), limits);
  if (!properties) return properties.error();
  notification out{std::string(*sid), *seq, std::move(*properties), false};
  const auto type = header(request, "Content-Type");
  out.unexpected_content_type = !type || !text::istarts_with(*type, "text/xml");
  return out;
}

}  // namespace igdkit::gena
