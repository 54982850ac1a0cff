// The admin API server: loopback only, JSON in and out. Parsing and rendering are the pure
// admin_api core; this file only runs the commands against the lab.
#include "lab_impl.hpp"

#include "igdkit/sim/admin_api.hpp"

namespace igdkit::sim {

namespace asio = boost::asio;
namespace http = boost::beast::http;

std::error_code lab::impl::start_admin() {
  http_server_options o;
  o.listen = asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), options.admin_port);
  o.server = "igdkit-simrouter-admin/0.1";
  // Loopback only, so every client is a local process; one of them holding unfinished
  // requests must still leave the others (and its own next request) room.
  o.admission = {.max_connections = 64, .max_unfinished_per_source = 16};
  // A little above the API's own cap, so an oversized body gets the API's JSON 413, not the
  // server's text/plain one.
  o.limits.body_limit = admin::max_body_bytes + 1024;
  admin = std::make_unique<http_server>(
      ex, std::move(o),
      http_async_request_function([this](const http_request& req, const asio::ip::address&) { return admin_request(req); }));
  return admin->start();
}

namespace {

struct sync_command_runner {
  lab::impl& s;
  lab& owner;
  const http_request& req;

  http_response ok(const boost::json::value& v) const { return admin::json_response(http::status::ok, v, req); }

  http_response operator()(const admin::get_state&) const { return ok(admin::to_json(s.snapshot())); }
  http_response operator()(const admin::probe&) const { return ok({}); }  // handled before (async)
  http_response operator()(const admin::open_endpoint& c) const {
    auto trace = trace_inbound(s.options.topology, c.proto, c.ip, c.port, s.home_lookup(), s.upstream_lookup());
    if (!trace.reachable) return ok(admin::endpoint_json(std::nullopt, trace.reason));
    auto endpoint = s.publish_on_demand(public_route{c.proto, c.ip, c.port, *trace.target});
    return ok(admin::endpoint_json(endpoint, endpoint ? trace.reason : "no loopback endpoint could be opened (see the log)"));
  }
  http_response operator()(const admin::get_wan_ip&) const {
    return ok(admin::wan_ip_json(s.options.topology.wan_ip, s.options.topology.public_ip));
  }
  http_response operator()(const admin::set_wan_ip& c) const {
    owner.set_wan_ip(c.wan_ip, c.public_ip);
    return ok(admin::wan_ip_json(s.options.topology.wan_ip, s.options.topology.public_ip));
  }
  http_response operator()(const admin::reboot&) const { return ok(admin::boot_json(owner.reboot())); }
  http_response operator()(const admin::get_faults&) const { return ok(admin::to_json(s.faults.current())); }
  http_response operator()(const admin::set_faults& c) const {
    owner.set_faults(c.faults);
    return ok(admin::to_json(s.faults.current()));
  }
  http_response operator()(const admin::clear_faults&) const {
    owner.set_faults(fault_set{});
    return ok(admin::to_json(s.faults.current()));
  }
  http_response operator()(const admin::get_log& c) const {
    const auto entries = s.log.recent(c.limit);
    return ok(admin::log_json(entries));
  }
  http_response operator()(const admin::get_violations&) const { return ok(admin::violations_json(s.violations.get())); }
};

}  // namespace

asio::awaitable<http_response> lab::impl::admin_request(const http_request& request) {
  auto parsed = admin::parse_request(request);
  if (const auto* error = std::get_if<admin::request_error>(&parsed)) co_return admin::error_response(*error, request);
  const auto& cmd = std::get<admin::command>(parsed);
  if (const auto* p = std::get_if<admin::probe>(&cmd)) {
    auto outcome = co_await probe(p->request);
    co_return admin::json_response(http::status::ok, admin::to_json(outcome), request);
  }
  co_return std::visit(sync_command_runner{*this, *owner, request}, cmd);
}

}  // namespace igdkit::sim
