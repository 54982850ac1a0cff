#include "igdkit/igd/reach/prober.hpp"

#include "igdkit/igd/reach/probe_protocol.hpp"
#include "igdkit/soap/http_client.hpp"
#include "igdkit/url_parse.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace igdkit::igd::reach {
namespace json = boost::json;

result<prober> prober::parse(std::string_view spec) {
  prober_kind kind = prober_kind::probe_server;
  if (spec.starts_with("lab:")) {
    kind = prober_kind::lab;
    spec.remove_prefix(4);
  }
  auto url = parse_absolute_url(spec);
  if (!url || url->scheme_id() != boost::urls::scheme::http || !url->has_authority() || url->encoded_host().empty() ||
      url->has_query() || url->has_fragment() || url->has_userinfo()) {
    return make_error_code(errc::bad_prober_spec);
  }
  return prober(kind, boost::urls::url(*url));
}

boost::urls::url prober::probe_url() const {
  boost::urls::url u = base_;
  std::string path(u.encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();
  path += kind_ == prober_kind::lab ? "/probe" : std::string(probe_path);
  u.set_encoded_path(path);
  return u;
}

namespace detail {

result<std::string> probe_body(const prober& p, const probe_target& t) {
  if (p.kind() == prober_kind::probe_server) {
    probe_request r;
    r.proto = t.proto;
    r.port = t.port;
    r.timeout = t.timeout;
    return render_probe_request(r);
  }
  if (!t.external_ip) return make_error_code(errc::missing_external_ip);
  return json::serialize(json::object{{"protocol", to_string(t.proto)},
                                      {"ip", t.external_ip->to_string()},
                                      {"port", t.port},
                                      {"timeout_ms", t.timeout.count()}});
}

namespace {

std::error_code fail(errc code, std::string* detail, std::string message) {
  if (detail) *detail = std::move(message);
  return make_error_code(code);
}

// The lab's probe_result: {"reachable","reason","rtt_ms",…}.
result<probe_outcome> decode_lab(std::string_view body, std::string* detail) {
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return fail(errc::prober_bad_json, detail, "lab answer is not a JSON object");
  const auto& o = v.get_object();
  probe_outcome out;
  const auto* reachable = o.if_contains("reachable");
  if (!reachable) return fail(errc::prober_missing_field, detail, "missing field \"reachable\"");
  if (!reachable->is_bool()) return fail(errc::prober_invalid_field, detail, "field \"reachable\" must be a boolean");
  out.reachable = reachable->get_bool();
  const auto* reason = o.if_contains("reason");
  if (!reason) return fail(errc::prober_missing_field, detail, "missing field \"reason\"");
  if (!reason->is_string()) return fail(errc::prober_invalid_field, detail, "field \"reason\" must be a string");
  out.reason = std::string(reason->get_string());
  if (const auto* rtt = o.if_contains("rtt_ms"); rtt && !rtt->is_null()) {
    if (!rtt->is_number()) return fail(errc::prober_invalid_field, detail, "field \"rtt_ms\" must be a number");
    out.rtt_ms = rtt->to_number<double>();
  }
  return out;
}

result<probe_outcome> decode_probe_server(std::string_view body, std::string* detail) {
  auto report = parse_probe_report(body, detail);
  if (!report) return report.error();
  probe_outcome out;
  out.reachable = report->reachable;
  out.reason = std::move(report->reason);
  if (report->observed_address.is_v4()) out.observed_address = report->observed_address.to_v4();
  out.rtt_ms = report->rtt_ms;
  out.banner = std::move(report->banner);
  return out;
}

}  // namespace

result<probe_outcome> decode_answer(prober_kind kind, unsigned status, std::string_view body, std::string* detail) {
  if (status == 429) return fail(errc::prober_rate_limited, detail, std::string(body));
  if (status == 503) return fail(errc::prober_busy, detail, std::string(body));
  if (status != 200) return fail(errc::prober_http_status, detail, "HTTP " + std::to_string(status) + ": " + std::string(body));
  return kind == prober_kind::lab ? decode_lab(body, detail) : decode_probe_server(body, detail);
}

// cppcheck-suppress passedByValue ; a coroutine keeps its own copies across suspensions
boost::asio::awaitable<result<probe_outcome>> run_probe(prober p, probe_target t) {
  auto body = probe_body(p, t);
  if (!body) co_return body.error();
  soap::http_options options;
  options.deadline = t.timeout + p.http_slack;
  options.body_limit = 64 * 1024;
  options.local_address = p.local_address();
  auto reply = co_await soap::detail::http_post(p.probe_url(), "application/json", std::move(*body), options);
  if (!reply) co_return reply.error();
  co_return decode_answer(p.kind(), reply->status, reply->body);
}

}  // namespace detail
}  // namespace igdkit::igd::reach
