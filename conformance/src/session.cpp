// The session's HTTP and SOAP side and the mapping ledger; SSDP and prepare() are in
// session_prepare.cpp.
#include "igdkit/conformance/session.hpp"

#include "run_to_completion.hpp"

#include "igdkit/soap/http_client.hpp"

#include <boost/beast/http/write.hpp>

#include <sstream>
#include <unistd.h>

namespace igdkit::conformance {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace session_detail {

// The origin-form target of `url`; "/" for a URL no request can go to, which http_send then
// refuses with the reason.
std::string target_of(boost::urls::url_view url) {
  auto t = soap::detail::make_target(url);
  return t ? t->target : std::string("/");
}

}  // namespace session_detail

std::string to_text(const http::request<http::string_body>& request) {
  std::ostringstream os;
  os << request;
  return os.str();
}

std::string to_text(const http_answer& answer) {
  if (!answer.answered()) return {};
  std::string out = "HTTP/1.1 " + std::to_string(answer.status) + " " +
                    std::string(http::obsolete_reason(static_cast<http::status>(answer.status))) + "\r\n";
  for (const auto& f : answer.headers) {
    out.append(f.name_string()).append(": ").append(f.value()).append("\r\n");
  }
  out += "\r\n";
  out += answer.body;
  return out;
}

session::session(suite_options options) : options_(std::move(options)) {
  next_port_ = static_cast<std::uint16_t>(42000 + (::getpid() % 500) * 8);
}

session::~session() { cleanup(); }

soap::http_options session::transport_options() const {
  soap::http_options o;
  o.deadline = options_.timeout;
  o.user_agent = "igdkit-conformance/0.1 UPnP/1.1";
  o.local_address = options_.local_address;
  return o;
}

void session::record(exchange_evidence e) {
  if (current_) current_->evidence.push_back(std::move(e));
}

bool session::wait_step(std::chrono::steady_clock::time_point deadline) {
  io_.restart();
  return io_.run_one_until(deadline) != 0;
}

http_answer session::http(boost::urls::url_view url, http::request<http::string_body> request) {
  // What exchange() will send, so the evidence shows the real request.
  if (auto t = soap::detail::make_target(url)) request.set(http::field::host, t->host_header);
  request.set(http::field::user_agent, transport_options().user_agent);
  request.set(http::field::connection, "close");
  if (!request.body().empty() || request.method() == http::verb::post) request.prepare_payload();
  exchange_evidence e{trim_evidence(to_text(request)), {}, {}};
  auto reply = detail::run_to_completion<soap::http_reply>(
      io_, soap::detail::http_send(boost::urls::url(url), request, transport_options()));
  http_answer a;
  if (!reply) {
    a.error = reply.error();
    e.error = a.error.message();
  } else {
    a.status = reply->status;
    a.headers = std::move(reply->headers);
    a.body = std::move(reply->body);
    e.response = trim_evidence(to_text(a));
  }
  record(std::move(e));
  return a;
}

http_answer session::get(boost::urls::url_view url) {
  return http(url, http::request<http::string_body>{http::verb::get, session_detail::target_of(url), 11});
}

soap_answer session::control(const igd::service& service, const soap::action_request& asked,
                             http::request<http::string_body> request) {
  soap_answer out;
  out.http = http(service.control_url, std::move(request));
  if (out.http.answered()) {
    out.outcome = soap::read_call_reply(out.http.status, out.http.body, asked, std::size_t{1} << 20);
  } else {
    out.outcome.ec = out.http.error;
  }
  return out;
}

soap_answer session::post(const igd::service& service, std::string_view action,
                          std::optional<std::string> soapaction, std::optional<std::string> content_type,
                          std::string body) {
  http::request<http::string_body> req{http::verb::post, session_detail::target_of(service.control_url), 11};
  if (content_type) req.set(http::field::content_type, *content_type);
  if (soapaction) req.set("SOAPACTION", *soapaction);
  req.body() = std::move(body);
  return control(service, {service.service_type, std::string(action), {}}, std::move(req));
}

soap_answer session::call(const igd::service& service, std::string_view action, soap::argument_list arguments) {
  soap::action_request asked{service.service_type, std::string(action), std::move(arguments)};
  auto req = soap::make_call_request(session_detail::target_of(service.control_url), asked);
  return control(service, asked, std::move(req));
}

std::optional<std::uint16_t> session::free_port(protocol proto) {
  if (!facts_.wan) return std::nullopt;
  for (int tries = 0; tries < 32; ++tries) {
    const std::uint16_t port = next_port_;
    next_port_ = static_cast<std::uint16_t>(next_port_ + 1);
    auto a = call(facts_.wan->connection, "GetSpecificPortMappingEntry",
                  {{"NewRemoteHost", ""}, {"NewExternalPort", std::to_string(port)},
                   {"NewProtocol", std::string(to_string(proto))}});
    if (a.upnp_code() == 714) return port;
    if (!a.succeeded()) return std::nullopt;  // neither free nor taken: the device will not say
  }
  return std::nullopt;
}

soap::argument_list session::mapping_arguments(const mapping_request& m) const {
  return {{"NewRemoteHost", m.remote_host},
          {"NewExternalPort", std::to_string(m.external_port)},
          {"NewProtocol", m.protocol},
          {"NewInternalPort", std::to_string(m.internal_port)},
          {"NewInternalClient", m.internal_client.value_or(facts_.our_address.to_string())},
          {"NewEnabled", "1"},
          {"NewPortMappingDescription", m.description},
          {"NewLeaseDuration", m.lease}};
}

soap_answer session::add_mapping(const mapping_request& m, bool retry_permanent) {
  auto a = call(facts_.wan->connection, "AddPortMapping", mapping_arguments(m));
  const bool refused_lease = a.upnp_code() == 725 || a.upnp_code() == 402;
  if (retry_permanent && refused_lease && m.lease != "0" && facts_.igd_version < 2) {
    auto permanent = m;
    permanent.lease = "0";
    a = call(facts_.wan->connection, "AddPortMapping", mapping_arguments(permanent));
  }
  if (a.succeeded()) created({m.remote_host, m.external_port, protocol_from_text(m.protocol).value_or(protocol::tcp)});
  return a;
}

soap_answer session::add_mapping(std::uint16_t external_port, protocol proto, std::uint16_t internal_port,
                                 std::string description) {
  mapping_request req(external_port, internal_port);
  req.protocol = std::string(to_string(proto));
  req.description = std::move(description);
  return add_mapping(req);
}

void session::created(const mapping_ref& m) {
  if (std::find(ledger_.begin(), ledger_.end(), m) == ledger_.end()) ledger_.push_back(m);
}

void session::removed(const mapping_ref& m) { std::erase(ledger_, m); }

std::size_t session::cleanup() {
  if (!facts_.wan) return 0;
  auto* was = current_;
  current_ = nullptr;
  std::vector<mapping_ref> left;
  for (const auto& m : ledger_) {
    auto a = call(facts_.wan->connection, "DeletePortMapping",
                  {{"NewRemoteHost", m.remote_host},
                   {"NewExternalPort", std::to_string(m.external_port)},
                   {"NewProtocol", std::string(to_string(m.proto))}});
    if (!a.succeeded() && a.upnp_code() != 714) left.push_back(m);
  }
  ledger_ = std::move(left);
  current_ = was;
  return ledger_.size();
}

}  // namespace igdkit::conformance
