// Discovery and selection: SSDP answers -> description -> WAN connections -> probes -> rank.
#include "igdkit/igd/client.hpp"
#include "igdkit/ssdp/error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <set>
#include <string>
#include <vector>

namespace igdkit::igd {
namespace asio = boost::asio;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

service_version version_of(const service& s) {
  auto kind = s.kind == service_kind::wan_ppp_connection ? action_service::wan_ppp_connection
                                                         : action_service::wan_ip_connection;
  return {kind, s.version == 0 ? 1u : s.version};
}

// Fetches one description, probes each WAN connection with GetStatusInfo and
// GetExternalIPAddress, and returns the best one (selection.hpp ranking). A failed probe leaves
// the status empty rather than failing the device: ranking then puts it last.
asio::awaitable<result<gateway>> probe_location(const transport& wire, boost::urls::url location,
                                                soap::http_options http, url_policy policy, diagnostics* d) {
  auto body = co_await wire.get(location, http);
  if (!body) co_return body.error();
  auto desc = parse_description(*body, location, {}, policy);
  if (!desc) co_return desc.error();
  auto connections = require_wan_connections(*desc);
  if (!connections) co_return connections.error();

  std::vector<gateway> probed;
  for (auto& conn : *connections) {
    gateway g;
    g.location = location;
    g.version = version_of(conn.connection);
    auto status = co_await detail::call_typed<get_status_info>(wire, conn.connection.control_url, g.version,
                                                               conn.connection.service_type, {}, http, d);
    if (status) g.status = std::move(*status);
    auto ip = co_await detail::call_typed<get_external_ip_address>(wire, conn.connection.control_url, g.version,
                                                                   conn.connection.service_type, {}, http, d);
    if (ip) g.external_ip = ip->external_ip;
    g.connection = std::move(conn);
    probed.push_back(std::move(g));
  }
  std::vector<candidate> candidates;
  candidates.reserve(probed.size());
  for (const auto& g : probed) {
    candidates.push_back({g.connection.connection.kind, g.version.version, g.status.connection_status, g.external_ip});
  }
  auto chosen = select_connection(candidates);
  if (!chosen.index) co_return errc::no_wan_connection_service;
  gateway best = std::move(probed[*chosen.index]);
  best.rank = chosen.status;
  best.desc = std::move(*desc);
  co_return best;
}

}  // namespace

asio::awaitable<result<gateway>> client::open_impl(boost::urls::url url, url_policy policy, diagnostics* d) {
  if (d) d->clear();
  auto g = co_await probe_location(wire_, std::move(url), http_, policy, d);
  if (!g) co_return g.error();
  gateway_ = *g;
  co_return std::move(*g);
}

asio::awaitable<result<gateway>> client::discover_impl(discover_options o, diagnostics* d) {
  if (d) d->clear();
  auto ex = co_await asio::this_coro::executor;
  ssdp::searcher search(ex, o.search);
  std::set<std::string> tried;
  std::optional<gateway> best;
  std::error_code probe_error;
  for (;;) {
    auto [ec, found] = co_await search.async_next(use_tuple);
    if (ec == ssdp::errc::no_response || ec == ssdp::errc::search_finished) break;
    if (ec) co_return ec;  // socket-level failure: nothing more will arrive
    // Several search targets lead to the same document: fetch each LOCATION once.
    if (!tried.insert(std::string(found.response.location.buffer())).second) continue;
    // A LOCATION naming another host than the one that answered is a classic forgery.
    if (auto bad = check_url(found.response.location, found.response.location, o.policy, found.source.address())) {
      probe_error = bad;
      continue;
    }
    auto g = co_await probe_location(wire_, found.response.location, o.http, o.policy, d);
    if (!g) {
      probe_error = g.error();
      continue;
    }
    g->st = found.response.st.to_string();
    g->usn = found.response.usn;
    g->server = found.response.server;
    if (!best || static_cast<int>(g->rank) < static_cast<int>(best->rank)) best = std::move(*g);
    if (o.stop_at_connected_public && best->rank == igd_status::connected_public) break;
  }
  if (!best) co_return probe_error ? probe_error : std::error_code(errc::no_igd_found);
  gateway_ = *best;
  co_return std::move(*best);
}

}  // namespace igdkit::igd
