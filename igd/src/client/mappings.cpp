// Port-mapping operations that are more than one SOAP call: add with the workaround policy,
// and listing (v2 listing or the v1 generic-entry walk).
#include "igdkit/igd/add_steps.hpp"
#include "igdkit/igd/client.hpp"
#include "igdkit/igd/generic_walk.hpp"

#include <algorithm>

namespace igdkit::igd {
namespace asio = boost::asio;

namespace {

port_mapping_entry from_generic(const generic_port_mapping_entry& e) {
  return port_mapping_entry{e.remote_host,     e.external_port, e.protocol,    e.internal_port,
                            e.internal_client, e.enabled,       e.description, e.lease};
}

// Keeps the entries that type; each one left out gets a note saying which field and what it held.
void append_typed(std::string_view action, const port_mapping_entry& wire, std::vector<mapping_entry>& out,
                  diagnostics* d) {
  decode_note why{};
  auto typed = to_mapping_entry(wire, &why);
  if (typed) {
    out.push_back(std::move(*typed));
  } else if (d) {
    d->notes.push_back({std::string(action), std::string(why.argument), why.issue, why.received});
  }
}

}  // namespace

asio::awaitable<result<mapping_result>> client::add_impl(mapping_request m, bool any, diagnostics* d) {
  if (!gateway_) co_return errc::no_igd_found;
  if (any && !igd::add_any_port_mapping::availability.supports(gateway_->version)) co_return errc::not_supported_by_service;
  asio::ip::address internal_client;
  if (m.internal_client) {
    internal_client = *m.internal_client;
  } else {
    auto local = local_address_towards(gateway_->connection.connection.control_url);
    if (!local) co_return local.error();
    internal_client = *local;
  }
  add_steps steps(m, internal_client, any, gateway_->version.version);
  for (;;) {
    result<std::uint16_t> granted{steps.attempt().request.external_port};
    if (steps.attempt().use_add_any) {
      auto r = co_await invoke_impl<igd::add_any_port_mapping>(steps.attempt().request, d);
      if (r) granted = r->reserved_port;
      else granted = r.error();
    } else {
      auto r = co_await invoke_impl<igd::add_port_mapping>(steps.attempt().request, d);
      if (!r) granted = r.error();
    }
    if (!steps.on_answer(std::move(granted))) co_return steps.outcome();
  }
}

asio::awaitable<result<void>> client::delete_impl(mapping_key k, diagnostics* d) {
  auto r = co_await invoke_impl<igd::delete_port_mapping>(wire_key(k), d);
  if (!r) co_return r.error();
  co_return result<void>{};
}

asio::awaitable<result<mapping_entry>> client::get_impl(mapping_key k, diagnostics* d) {
  if (d) d->clear();
  auto r = co_await invoke_impl<get_specific_port_mapping_entry>(wire_key(k), d);
  if (!r) co_return r.error();
  decode_note why{};
  auto typed = to_mapping_entry(k, *r, &why);
  if (!typed && d) d->description = std::string(why.argument);  // as for a malformed required output
  co_return typed;
}

asio::awaitable<result<std::vector<mapping_entry>>> client::list_impl(list_options o, diagnostics* d) {
  if (d) d->clear();
  if (!gateway_) co_return errc::no_igd_found;
  std::vector<mapping_entry> out;
  if (get_list_of_port_mappings::availability.supports(gateway_->version)) {
    for (protocol p : {protocol::tcp, protocol::udp}) {
      get_list_of_port_mappings_request req{0, 65535, wire_protocol(p), true,
                                            static_cast<std::uint16_t>(std::min<std::size_t>(o.max_entries, 65535))};
      auto r = co_await invoke_impl<get_list_of_port_mappings>(req, d);
      if (!r && r.error() == upnp_errc::action_not_authorized) {
        req.manage = false;  // not allowed to see everyone's mappings: list our own
        r = co_await invoke_impl<get_list_of_port_mappings>(req, d);
      }
      if (!r && r.error() == upnp_errc::port_mapping_not_found) continue;  // the spec's "empty"
      if (!r) co_return r.error();
      auto entries = parse_port_listing(r->port_listing);
      if (!entries) co_return entries.error();
      for (const auto& e : *entries) {
        if (out.size() >= o.max_entries) break;
        append_typed(get_list_of_port_mappings::name, e, out, d);
      }
    }
    co_return out;
  }
  // v1: walk the array until the router says the index is past the end (713), or any other
  // router error (MikroTik and others end it with other codes). Transport failures are errors.
  generic_walk walk(o.max_entries);
  while (auto index = walk.next_index()) {
    auto r = co_await invoke_impl<get_generic_port_mapping_entry>({*index}, d);
    const auto step = walk.on_answer(r);
    if (step == generic_walk::step::failed) co_return walk.error();
    if (step == generic_walk::step::more) append_typed(get_generic_port_mapping_entry::name, from_generic(*r), out, d);
  }
  if (d) {  // the terminating 713 is not a failure; what was left out stays noted
    d->upnp_code = 0;
    d->description.clear();
  }
  co_return out;
}

asio::awaitable<result<std::optional<asio::ip::address>>> client::external_ip_impl(diagnostics* d) {
  auto r = co_await invoke_impl<get_external_ip_address>({}, d);
  if (!r) co_return r.error();
  co_return r->external_ip;
}

}  // namespace igdkit::igd
