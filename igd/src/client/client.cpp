// igd::client plumbing: routing an action to the service that defines it, the one SOAP call
// every typed action goes through, and the throwing overloads' error message.
#include "igdkit/igd/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <string>
#include <utility>

namespace igdkit::igd {
namespace asio = boost::asio;

client::client(executor_type ex, soap::http_options http) : client(std::move(ex), std::move(http), http_transport()) {}

client::client(executor_type ex, soap::http_options http, transport wire)
    : executor_(std::move(ex)), http_(std::move(http)), wire_(std::move(wire)) {
  own_pool();
}

client::client(const client& other)
    : executor_(other.executor_), http_(other.http_), wire_(other.wire_), gateway_(other.gateway_) {
  if (other.owns_pool_) {
    http_.pool = nullptr;
    own_pool();
  }
}

client& client::operator=(const client& other) {
  if (this != &other) *this = client(other);
  return *this;
}

client& client::operator=(client&& other) noexcept {
  if (this == &other) return *this;
  if (owns_pool_ && http_.pool) http_.pool->clear();  // before sync_ (and its io_context) is replaced
  sync_ = std::move(other.sync_);
  executor_ = std::move(other.executor_);
  http_ = std::move(other.http_);
  owns_pool_ = std::exchange(other.owns_pool_, false);
  wire_ = std::move(other.wire_);
  gateway_ = std::move(other.gateway_);
  return *this;
}

client::~client() {
  if (owns_pool_ && http_.pool) http_.pool->clear();
}

void client::own_pool() {
  if (http_.pool) return;  // the caller's, shared on purpose
  http_.pool = http_.keep_alive ? std::make_shared<soap::connection_pool>() : nullptr;
  owns_pool_ = http_.pool != nullptr;
}

transport http_transport() {
  transport t;
  t.call = [](boost::urls::url control_url, soap::action_request request, soap::http_options http) {
    return soap::detail::call(std::move(control_url), std::move(request), std::move(http));
  };
  t.get = [](boost::urls::url url, soap::http_options http) { return soap::detail::http_get(std::move(url), std::move(http)); };
  return t;
}

result<client::route> client::route_for(action_availability a) const {
  if (!gateway_) return errc::no_igd_found;
  const auto& conn = gateway_->connection;
  if (a.supports(gateway_->version)) {
    return route{conn.connection.control_url, gateway_->version, conn.connection.service_type};
  }
  auto sibling = [&](const std::optional<service>& s, action_service kind) -> result<route> {
    if (!s) return errc::not_supported_by_service;
    service_version sv{kind, s->version == 0 ? 1u : s->version};
    if (!a.supports(sv)) return errc::not_supported_by_service;
    return route{s->control_url, sv, s->service_type};
  };
  if (a.supports({action_service::wan_common_interface_config, 1}))
    return sibling(conn.common_interface_config, action_service::wan_common_interface_config);
  if (a.supports({action_service::wan_ipv6_firewall_control, 1}))
    return sibling(conn.ipv6_firewall, action_service::wan_ipv6_firewall_control);
  // A connection action the chosen connection cannot do (v2-only on :1, or on WANPPPConnection).
  return errc::not_supported_by_service;
}

namespace detail {

asio::awaitable<result<soap::action_response>> call_soap(const transport& wire, boost::urls::url control_url,
                                                         soap::action_request request, soap::http_options http,
                                                         diagnostics* diag) {
  if (diag) diag->clear_fault();
  auto [ec, response] = co_await wire.call(std::move(control_url), std::move(request), std::move(http));
  if (response.fault && diag) {
    diag->upnp_code = response.fault->code;
    diag->description = response.fault->description;
  }
  if (ec) co_return ec;
  co_return std::move(response);
}

void record_decode(std::string_view action, const argument_diagnostic& decoded, bool succeeded, diagnostics& diag) {
  for (const auto& n : decoded.notes)
    diag.notes.push_back({std::string(action), std::string(n.argument), n.issue, n.received});
  if (!succeeded) diag.description = std::string(decoded.argument);
}

}  // namespace detail

std::string describe(const response_note& note) {
  std::string out = note.action + ": " + note.argument;
  switch (note.issue) {
    case decode_issue::name_case: return out + " read from '" + note.received + "' (other letter case)";
    case decode_issue::missing: return out + " missing";
    case decode_issue::malformed: return out + " malformed ('" + note.received + "'), left empty";
    case decode_issue::not_typed: return out + " '" + note.received + "' has no typed form; entry left out";
  }
  return out;
}

namespace detail {

void throw_error(std::error_code ec, const diagnostics& diag) {
  // The router's errorDescription, or the name of the required output its answer lacked.
  if (!diag.description.empty()) throw std::system_error(ec, diag.description);
  throw std::system_error(ec);
}

}  // namespace detail
}  // namespace igdkit::igd
