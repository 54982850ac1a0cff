#include "igdkit/igd/keeper/upnp_backend.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace igdkit::igd::keeper {
namespace asio = boost::asio;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::optional<asio::ip::address_v4> routable_v4(const std::optional<asio::ip::address>& a) {
  if (!a || !a->is_v4() || a->to_v4().is_unspecified()) return std::nullopt;
  return a->to_v4();
}

}  // namespace

asio::awaitable<result<gateway_identity>> upnp_backend::find() {
  boost::system::error_code ec;
  gateway g;
  if (where_.location) {
    std::tie(ec, g) = co_await client_.async_open(*where_.location, where_.policy, use_tuple);
  } else {
    std::tie(ec, g) = co_await client_.async_discover(where_.discover, use_tuple);
  }
  if (ec) co_return std::error_code(ec);
  gateway_identity id;
  id.udn = g.desc.root.udn;
  id.location = std::string(g.location.buffer());
  id.name = g.desc.root.friendly_name.empty() ? g.desc.root.model_name : g.desc.root.friendly_name;
  id.supports_add_any = igd::add_any_port_mapping::availability.supports(g.version);
  id.external_ip = routable_v4(g.external_ip);
  id.connection_status = g.status.connection_status;
  co_return id;
}

asio::awaitable<result<gateway_state>> upnp_backend::state() {
  gateway_state out;
  auto [sec, status] = co_await client_.async_invoke<get_status_info>({}, use_tuple);
  if (sec && sec.category() != soap::upnp_category()) co_return std::error_code(sec);
  if (!sec) {
    out.connection_status = status.connection_status;
    if (status.uptime.count() != 0) out.uptime = status.uptime;  // 0: the router does not say
  }
  auto [iec, ip] = co_await client_.async_external_ip(use_tuple);
  if (iec) co_return std::error_code(iec);
  out.external_ip = routable_v4(ip);
  co_return out;
}

asio::awaitable<outcome> upnp_backend::execute(operation op) {
  if (std::holds_alternative<find_gateway>(op)) co_return outcome{co_await find()};
  if (std::holds_alternative<read_gateway_state>(op)) co_return outcome{co_await state()};
  if (auto* add = std::get_if<add_mapping>(&op)) {
    // Not a ?: of two co_awaits: g++ 12 miscompiles that.
    boost::system::error_code ec;
    mapping_result r;
    if (add->use_add_any)
      std::tie(ec, r) = co_await client_.async_add_any_port_mapping(add->request, use_tuple);
    else
      std::tie(ec, r) = co_await client_.async_add_port_mapping(add->request, use_tuple);
    if (ec) co_return outcome{result<mapping_result>(std::error_code(ec))};
    co_return outcome{result<mapping_result>(std::move(r))};
  }
  if (auto* read = std::get_if<read_mapping>(&op)) {
    auto [ec, e] = co_await client_.async_get_port_mapping(read->key, use_tuple);
    if (ec) co_return outcome{result<mapping_entry>(std::error_code(ec))};
    co_return outcome{result<mapping_entry>(std::move(e))};
  }
  const auto& remove = std::get<remove_mapping>(op);
  auto [ec] = co_await client_.async_delete_port_mapping(remove.key, use_tuple);
  if (ec) co_return outcome{result<void>(std::error_code(ec))};
  co_return outcome{result<void>()};
}

}  // namespace igdkit::igd::keeper
