#include "igdkit/sim/router.hpp"

#include "igdkit/sim/device_uuid.hpp"
#include "igdkit/sim/ssdp_setup.hpp"
#include "igdkit/ssdp/ipv6.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace igdkit::sim {

namespace asio = boost::asio;

namespace {

// Makes the parts agree: the tree follows the IGD version, the LAN policy follows the LAN
// address, Layer3Forwarding's default names our own WANConnectionDevice.
router_options normalize(router_options o) {
  o.layout.version = o.config.version;
  if (o.layout.root_uuid.empty()) o.layout.root_uuid = random_device_uuid();  // one identity per instance
  assign_device_uuids(o.layout);
  if (o.lan_from_address && o.lan.is_v4()) {
    const auto a = o.lan.to_v4();
    o.config.lan = a.is_loopback() ? asio::ip::make_network_v4("127.0.0.0/8")
                                   : asio::ip::make_network_v4(a, 24).canonical();
    o.config.permissions = default_permission_rules(o.config.lan);
  }
  // The live link is the last WANDevice; Layer3Forwarding names its connection (digest §5.4).
  if (o.layout.wan_devices == 0) o.layout.wan_devices = 1;
  o.config.live_wan_device = o.layout.wan_devices - 1;
  o.config.default_connection_service = default_connection_service(o.layout, o.config.live_wan_device);
  o.http.limits = o.server.limits;
  o.server.server = o.http.server;
  o.server.listen = asio::ip::tcp::endpoint(o.lan, o.http_port);
  return o;
}

// NOTIFYs leave from the router's own LAN addresses.
gena::sender_options event_sources(const router_options& o) {
  gena::sender_options s;
  if (o.lan.is_v4()) s.local_v4 = o.lan;
  if (o.lan6) s.local_v6 = asio::ip::address(*o.lan6);
  return s;
}

}  // namespace

router::router(asio::any_io_executor ex, router_options options)
    : executor_(ex),
      options_(normalize(std::move(options))),
      igd_(options_.config, options_.now()),
      http_handler_(make_igd_layout(options_.layout), igd_, options_.http),
      events_(ex, igd_, http_handler_.layout(), options_.now, options_.events, event_sources(options_)),
      http_server_(ex, with_write_hook(options_.server),
                   [this](const http_request& req, const asio::ip::address& peer) { return serve(req, peer); }),
      boot_id_(options_.boot_id) {
  http_handler_.attach_events(events_.publisher());
}

http_server_options router::with_write_hook(http_server_options o) {
  o.on_written = [this](const http_response& res) { events_.response_written(res); };
  return o;
}

router::~router() {
  events_.stop();
  http_server_.stop();
  if (http_server6_) http_server6_->stop();
  // Destroying the responder closes its sockets without byebye; stop()/async_stop() send it.
}

http_response router::serve(const http_request& request, const asio::ip::address& peer) {
  request_context ctx;
  ctx.client = peer;
  ctx.now = options_.now();
  auto res = http_handler_.handle(request, ctx);
  events_.refresh();
  if (options_.on_request) options_.on_request(peer, request, res);
  return res;
}

result<std::shared_ptr<ssdp::responder>> router::start_responder(const asio::ip::address& lan, std::uint16_t http_port,
                                                                 unsigned lan_interface) {
  ssdp_setup setup;
  setup.lan = lan;
  setup.ssdp_port = options_.ssdp_port;
  setup.http_port = http_port;
  setup.multicast = options_.multicast;
  setup.lan_interface = lan_interface;
  setup.boot_id = boot_id_;
  setup.server = options_.http.server;
  setup.quirks = options_.discovery_quirks;
  auto responder_options = make_responder_options(layout(), setup);
  responder_options.hook = options_.ssdp_hook;
  responder_options.observer = options_.ssdp_observer;
  responder_options.budget = options_.ssdp_budget;
  auto r = std::make_shared<ssdp::responder>(executor_, std::move(responder_options));
  if (auto ec = r->start()) return ec;
  return r;
}

// The IPv6 LAN: a second HTTP listener and responder. Multicast needs the interface holding
// the address, which also proves the address is ours before anything is bound.
std::error_code router::start_lan6() {
  const auto& lan6 = *options_.lan6;
  unsigned lan_interface = 0;
  if (options_.multicast && !lan6.is_loopback()) {
    const auto index = ssdp::interface_index_of(lan6);
    if (!index) return std::make_error_code(std::errc::address_not_available);
    lan_interface = *index;
  }
  auto server_options = options_.server;
  server_options.listen = asio::ip::tcp::endpoint(lan6, options_.http_port);
  http_server6_ = std::make_unique<http_server>(
      executor_, with_write_hook(std::move(server_options)),
      [this](const http_request& req, const asio::ip::address& peer) { return serve(req, peer); });
  if (auto ec = http_server6_->start()) return ec;
  auto r = start_responder(lan6, http_server6_->local_endpoint().port(), lan_interface);
  if (!r) return r.error();
  responder6_ = std::move(*r);
  return {};
}

std::error_code router::start() {
  if (started_) return std::make_error_code(std::errc::operation_in_progress);
  if (auto ec = http_server_.start()) return ec;
  auto r = start_responder(options_.lan, http_server_.local_endpoint().port(), 0);
  std::error_code ec = r ? std::error_code{} : r.error();
  if (!ec) responder_ = std::move(*r);
  if (!ec) events_.start();
  if (!ec && options_.lan6) ec = start_lan6();
  if (ec) {
    responder_.reset();
    responder6_.reset();
    if (http_server6_) http_server6_->stop();
    http_server_.stop();
    return ec;
  }
  started_ = true;
  return {};
}

boost::urls::url router::description_url() const {
  return description_location(options_.lan, http_server_.local_endpoint().port());
}

asio::ip::udp::endpoint router::ssdp_endpoint() const {
  return responder_ ? responder_->local_endpoint() : asio::ip::udp::endpoint{};
}

asio::ip::tcp::endpoint router::http_endpoint() const { return http_server_.local_endpoint(); }

std::optional<boost::urls::url> router::description_url6() const {
  if (!http_server6_) return std::nullopt;
  return description_location(*options_.lan6, http_server6_->local_endpoint().port());
}

asio::ip::udp::endpoint router::ssdp_endpoint6() const {
  return responder6_ ? responder6_->local_endpoint() : asio::ip::udp::endpoint{};
}

std::uint32_t router::reboot() {
  const auto now = options_.now();
  boot_id_ = responder_ ? responder_->reboot() : boot_id_ + 1;
  if (responder6_) responder6_->reboot();  // same counter: both started from boot_id_
  auto& model = igd_.model();
  model.connection.connected_since = now;
  model.counters = {};
  model.pinholes = pinhole_table{model.config.max_pinholes};
  if (options_.reboot_forgets) model.mappings.clear();
  events_.reboot();
  return boot_id_;
}

void router::set_external_ip(std::optional<asio::ip::address_v4> ip) {
  igd_.model().config.external_ip = std::move(ip);
  events_.refresh();
}

void router::stop() {
  events_.stop();
  http_server_.stop();
  if (http_server6_) http_server6_->stop();
  for (auto* slot : {&responder_, &responder6_}) {
    if (auto r = std::move(*slot)) {
      // The completion handler keeps the responder alive until its stop coroutine has run.
      auto* raw = r.get();
      raw->async_stop([keep = std::move(r)](std::error_code, bool) {});
    }
  }
}

asio::awaitable<result<bool>> router::stop_op() {
  events_.stop();
  http_server_.stop();
  if (http_server6_) http_server6_->stop();
  for (auto* slot : {&responder_, &responder6_}) {
    if (auto r = std::move(*slot)) {
      auto [ec, done] = co_await r->async_stop(asio::as_tuple(asio::use_awaitable));
      (void)done;
      if (ec) co_return result<bool>{boost::system::in_place_error, ec};
    }
  }
  co_return true;
}

}  // namespace igdkit::sim
