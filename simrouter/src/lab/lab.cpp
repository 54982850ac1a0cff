#include "lab_impl.hpp"

#include "igdkit/sim/device_uuid.hpp"
#include "igdkit/sim/profiles.hpp"
#include "igdkit/soap/response.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <utility>

namespace igdkit::sim {

namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

// Loopback labs publish on their own LAN address; others on 127.0.0.1 (network safety: the
// "public" side of a simulation never leaves the host).
asio::ip::address publish_address(const asio::ip::address& lan) {
  return lan.is_loopback() ? lan : asio::ip::address(asio::ip::address_v4::loopback());
}

std::string soap_action_name(const http_request& req);

std::optional<int> upnp_error_of(const http_request& req, const http_response& res) {
  if (res.result() != http::status::internal_server_error) return std::nullopt;
  auto parsed = soap::parse_response(res.body(), soap_action_name(req));
  if (!parsed || !parsed->fault) return std::nullopt;
  return parsed->fault->code;
}

std::string soap_action_name(const http_request& req) {
  const auto header = req.find("SOAPACTION");
  if (header == req.end()) return {};
  std::string_view v = header->value();
  const auto hash = v.rfind('#');
  if (hash == std::string_view::npos) return {};
  v.remove_prefix(hash + 1);
  if (!v.empty() && v.back() == '"') v.remove_suffix(1);
  return std::string(v);
}

}  // namespace

lab::impl::impl(asio::any_io_executor e, lab_options o)
    : ex(e),
      options(std::move(o)),
      faults(options.faults),
      log(options.log_capacity),
      published(e, detail::public_endpoint_set::settings{}),
      expiry_timer(e),
      idle_timer(e) {}

router_options lab::impl::home_options() {
  auto o = options.router;
  o.config.external_ip = options.topology.wan_ip;
  auto user_observer = o.on_request;
  o.on_request = [this, user_observer](const asio::ip::address& peer, const http_request& req,
                                       const http_response& res) {
    on_router_request("home", peer, req, res);
    if (user_observer) user_observer(peer, req, res);
  };
  o.ssdp_hook = [this](const ssdp::search_request& req, const asio::ip::udp::endpoint& from) {
    add_log("ssdp", from.address().to_string(), "M-SEARCH " + req.st.to_string());
    return faults.on_search();
  };
  o.server.on_reply = [this](const http_request& req) { return faults.on_reply(req); };
  if (options.strict) observe_strictly(o);
  return o;
}

// The upstream router of a double NAT: its LAN is the home router's WAN, so mappings there
// name the home router's WAN address as internal client (not the requester: no secure mode).
router_options lab::impl::upstream_options() {
  router_options o;
  o.lan = options.router.lan;
  o.config.version = igd_version::v2;
  o.config.external_ip = options.topology.public_ip;
  o.config.secure_mode = false;
  o.lan_from_address = false;
  o.config.lan = asio::ip::make_network_v4(options.topology.wan_ip, 24).canonical();
  o.config.permissions = default_permission_rules(o.config.lan);
  o.layout.root_uuid = seeded_device_uuid("upstream of " + options.router.layout.root_uuid);
  o.layout.identity.friendly_name = "igdkit simrouter (upstream)";
  o.now = options.router.now;
  o.on_request = [this](const asio::ip::address& peer, const http_request& req, const http_response& res) {
    on_router_request("upstream", peer, req, res);
  };
  return o;
}

void lab::impl::add_log(std::string kind, std::string peer, std::string detail, unsigned status,
                        std::optional<int> upnp_error) {
  log.add(log_entry{std::chrono::system_clock::now(), std::move(kind), std::move(peer), std::move(detail), status,
                    upnp_error});
}

void lab::impl::on_router_request(const char* which, const asio::ip::address& peer, const http_request& req,
                                  const http_response& res) {
  const auto action = soap_action_name(req);
  std::string detail = std::string(req.method_string()) + " " + std::string(req.target());
  if (!action.empty()) detail += " " + action;
  if (std::string_view(which) != "home") detail = std::string(which) + ": " + detail;
  add_log(action.empty() ? "http" : "soap", peer.to_string(), std::move(detail), res.result_int(),
          upnp_error_of(req, res));
  // Before the response is written: an acknowledged mapping is already published and saved.
  if (req.method() == http::verb::post) refresh();
}

void lab::impl::watch_tables() {
  home->handler().model().mappings.set_observer(
      [this](const port_mapping* before, const port_mapping* after) { on_home_change(before, after); });
  if (upstream)
    upstream->handler().model().mappings.set_observer(
        [this](const port_mapping* before, const port_mapping* after) { on_upstream_change(before, after); });
}

// A home mapping is reached on its own port, except in double-nat: there through every upstream
// mapping forwarding to the home router's WAN address and that port.
void lab::impl::on_home_change(const port_mapping* before, const port_mapping* after) {
  journal_change(journal_table::home, before, after);
  const auto& t = options.topology;
  for (const auto* m : {before, after}) {
    if (!m) continue;
    if (t.mode != nat_mode::double_nat) {
      dirty.emplace(m->key.proto, m->key.external_port);
    } else if (upstream) {
      for (const auto& u : upstream->handler().model().mappings.forwarding_to(t.wan_ip, m->key.external_port,
                                                                              m->key.proto, options.router.now()))
        dirty.emplace(u.key.proto, u.key.external_port);
    }
  }
}

void lab::impl::on_upstream_change(const port_mapping* before, const port_mapping* after) {
  journal_change(journal_table::upstream, before, after);
  for (const auto* m : {before, after})
    if (m) dirty.emplace(m->key.proto, m->key.external_port);
}

void lab::impl::report(detail::public_endpoint_set::changes changed) {
  for (auto& error : changed.errors) add_log("lab", "", std::move(error));
  if ((!changed.opened.empty() || !changed.closed.empty()) && options.on_endpoints_changed)
    options.on_endpoints_changed(changed.opened, changed.closed);
}

void lab::impl::refresh() {
  if (!running) return;
  const auto now = options.router.now();
  home->handler().model().mappings.expire(now);  // expiries reach the observers, hence `dirty`
  if (upstream) upstream->handler().model().mappings.expire(now);
  detail::public_endpoint_set::changes changed;
  for (const auto& port : std::exchange(dirty, {})) published.update(port, route_of(port), changed);
  report(std::move(changed));
  save_state_if_changed();
  home->state_changed();  // admin edits and expiries reach the event subscribers too
  arm_expiry_timer();
}

void lab::impl::arm_expiry_timer() {
  auto next = home->handler().model().mappings.next_expiry();
  if (upstream) {
    const auto up = upstream->handler().model().mappings.next_expiry();
    if (up && (!next || *up < *next)) next = up;
  }
  if (!next) {
    expiry_timer.cancel();
    return;
  }
  // The router's clock may be a test's; the timer runs on the steady clock, so wait the difference.
  const auto wait = std::max(clock::duration::zero(), *next - options.router.now());
  expiry_timer.expires_after(wait + std::chrono::milliseconds(1));
  expiry_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && running) refresh();
  });
}

void lab::impl::start_idle_sweep() {
  idle_timer.expires_after(options.endpoint_idle_timeout);
  idle_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || !running) return;
    detail::public_endpoint_set::changes changed;
    published.close_idle(changed);
    report(std::move(changed));
    if (published.on_demand_open() > 0) start_idle_sweep();
  });
}

std::optional<public_endpoint> lab::impl::publish_on_demand(protocol proto, const asio::ip::address_v4& ip,
                                                            std::uint16_t port) {
  if (!running || ip != options.topology.public_ip) return std::nullopt;
  auto route = route_of({proto, port});
  if (!route) return std::nullopt;
  return publish_on_demand(*route);
}

std::optional<public_endpoint> lab::impl::publish_on_demand(const public_route& route) {
  if (!running) return std::nullopt;
  const bool sweeping = published.on_demand_open() > 0;
  detail::public_endpoint_set::changes changed;
  auto endpoint = published.ensure(route, changed);
  report(std::move(changed));
  if (!sweeping && published.on_demand_open() > 0) start_idle_sweep();
  return endpoint;
}

lab::lab(asio::any_io_executor ex, lab_options options)
    : executor_(ex), impl_(std::make_unique<impl>(ex, std::move(options))) {
  impl_->owner = this;
}

lab::~lab() { stop(); }

std::error_code lab::start(std::string* detail) {
  auto& s = *impl_;
  if (s.running) return std::make_error_code(std::errc::operation_in_progress);
  const auto outcome = apply_profiles(s.options.profiles, s.options.router);
  if (outcome.ec) {
    if (detail) *detail = outcome.detail;
    return outcome.ec;
  }
  s.published = detail::public_endpoint_set(
      s.ex, detail::public_endpoint_set::settings{
                publish_address(s.options.router.lan), s.options.udp_idle_timeout,
                [this](const asio::ip::tcp::endpoint& peer, std::error_code result) {
                  const auto it = impl_->tcp_probes.find(peer);
                  if (it == impl_->tcp_probes.end()) return;
                  it->second->internal_result = result;
                  it->second->signal.cancel();
                },
                s.options.eager_endpoints, s.options.on_demand_endpoints});
  if (auto ec = s.load_state(detail)) return ec;  // may move boot id, addresses and identity on
  // Chosen here, not by the router, so the state file can keep it and the upstream derive from it.
  if (s.options.router.layout.root_uuid.empty()) s.options.router.layout.root_uuid = random_device_uuid();
  s.home = std::make_unique<router>(s.ex, s.home_options());
  const bool with_upstream = s.options.topology.mode == nat_mode::double_nat && s.options.topology.upstream_upnp;
  if (with_upstream) {
    s.upstream = std::make_unique<router>(s.ex, s.upstream_options());
    if (auto ec = s.upstream->start()) {
      if (detail) *detail = "upstream router: " + ec.message();
      stop();
      return ec;
    }
  }
  s.watch_tables();  // before restoring, so the restored mappings are published too
  s.restore_mappings();
  if (auto ec = s.home->start()) {
    if (detail) *detail = "home router: " + ec.message();
    stop();
    return ec;
  }
  s.compact_state();  // the new boot id and identity are kept even if nothing else changes
  if (s.options.admin) {
    if (auto ec = s.start_admin()) {
      if (detail) *detail = "admin API on 127.0.0.1:" + std::to_string(s.options.admin_port) + ": " + ec.message();
      stop();
      return ec;
    }
  }
  if (auto ec = s.start_stun(detail)) {
    stop();
    return ec;
  }
  s.running = true;
  s.refresh();
  return {};
}

void lab::stop() {
  auto& s = *impl_;
  s.running = false;
  s.expiry_timer.cancel();
  s.idle_timer.cancel();
  if (s.admin) s.admin->stop();
  s.stop_stun();
  s.published.clear();
  for (auto& [ep, wait] : s.tcp_probes) wait->signal.cancel();
  if (s.home) s.home->stop();
  if (s.upstream) s.upstream->stop();
}

boost::urls::url lab::description_url() const { return impl_->home->description_url(); }
asio::ip::udp::endpoint lab::ssdp_endpoint() const { return impl_->home->ssdp_endpoint(); }
router& lab::home() noexcept { return *impl_->home; }
router* lab::upstream() noexcept { return impl_->upstream.get(); }
const lab_options& lab::options() const noexcept { return impl_->options; }

boost::urls::url lab::admin_url() const {
  if (!impl_->admin) return {};
  const auto ep = impl_->admin->local_endpoint();  // always IPv4 loopback
  return boost::urls::url("http://" + ep.address().to_string() + ":" + std::to_string(ep.port()) + "/");
}

lab_snapshot lab::snapshot() { return impl_->snapshot(); }
std::vector<public_endpoint> lab::public_endpoints() { return impl_->published.list(); }

std::optional<public_endpoint> lab::find_public_endpoint(protocol proto, const asio::ip::address_v4& ip,
                                                         std::uint16_t port) {
  return impl_->publish_on_demand(proto, ip, port);
}

void lab::set_wan_ip(const asio::ip::address_v4& wan_ip, std::optional<asio::ip::address_v4> public_ip) {
  auto& s = *impl_;
  auto& t = s.options.topology;
  t.wan_ip = wan_ip;
  if (t.mode == nat_mode::nat || t.mode == nat_mode::no_nat)
    t.public_ip = wan_ip;
  else if (public_ip)
    t.public_ip = *public_ip;
  s.home->set_external_ip(wan_ip);
  if (s.upstream) s.upstream->set_external_ip(t.public_ip);
  s.add_log("lab", "", "WAN address now " + wan_ip.to_string() + " (public " + t.public_ip.to_string() + ")");
  for (const auto& port : s.published.open_ports()) s.dirty.insert(port);  // their public address moved
  s.refresh();
}

std::uint32_t lab::reboot() {
  auto& s = *impl_;
  const auto boot_id = s.home->reboot();
  s.add_log("lab", "", "reboot: BOOTID.UPNP.ORG " + std::to_string(boot_id) +
                           (s.options.router.reboot_forgets ? ", mappings forgotten" : ", mappings kept"));
  s.refresh();
  return boot_id;
}

void lab::set_faults(const fault_set& f) {
  auto& s = *impl_;
  const bool link_changed = s.faults.current().wan_link_down != f.wan_link_down;
  s.faults.set(f);
  s.add_log("lab", "", "faults changed");
  if (!link_changed) return;
  // The cable: what the connection services report, then the events that follow from it.
  auto& model = s.home->handler().model();
  model.config.link.physical_link_up = !f.wan_link_down;
  model.connection.status = f.wan_link_down ? connection_status::disconnected : connection_status::connected;
  if (!f.wan_link_down) model.connection.connected_since = s.options.router.now();
  s.add_log("lab", "", f.wan_link_down ? "WAN link down" : "WAN link up");
  s.home->state_changed();
}

const fault_set& lab::faults() const noexcept { return impl_->faults.current(); }

std::vector<log_entry> lab::log(std::size_t limit) const { return impl_->log.recent(limit); }

const strict::violation_log* lab::violations() const noexcept { return impl_->violations.get(); }

}  // namespace igdkit::sim
