// Wire mapping entries (text kept verbatim, as the router sent it) -> typed mapping_entry.
#include "igdkit/igd/client_types.hpp"
#include "igdkit/igd/error.hpp"

namespace igdkit::igd {
namespace {

using boost::asio::ip::address_v4;

bool fail(decode_note* why, std::string_view field, const std::string& received) {
  if (why) *why = decode_note{field, decode_issue::not_typed, received};
  return false;
}

bool typed_protocol(const wire_protocol& wire, protocol& out, decode_note* why) {
  const auto p = wire.lenient();  // TCP or UDP in any letter case
  if (!p) return fail(why, "NewProtocol", wire.text());
  out = *p;
  return true;
}

bool typed_v4(const host_address& wire, std::string_view field, address_v4& out, decode_note* why) {
  const auto ip = wire.ip();
  if (!ip || !ip->is_v4()) return fail(why, field, wire.text());
  out = ip->to_v4();
  return true;
}

bool typed_remote(const host_address& wire, std::optional<address_v4>& out, decode_note* why) {
  if (wire.is_wildcard()) {
    out.reset();
    return true;
  }
  address_v4 a;
  if (!typed_v4(wire, "NewRemoteHost", a, why)) return false;
  out = a;
  return true;
}

}  // namespace

result<mapping_entry> to_mapping_entry(const port_mapping_entry& wire, decode_note* why) {
  mapping_entry e;
  e.external_port = wire.external_port;
  e.internal_port = wire.internal_port;
  e.enabled = wire.enabled;
  e.description = wire.description;
  e.lease = wire.lease;
  if (!typed_protocol(wire.protocol, e.proto, why) || !typed_remote(wire.remote_host, e.remote_host, why) ||
      !typed_v4(wire.internal_client, "NewInternalClient", e.internal_client, why))
    return make_error_code(errc::invalid_argument_value);
  return e;
}

result<mapping_entry> to_mapping_entry(const mapping_key& key, const specific_port_mapping_entry& wire,
                                       decode_note* why) {
  const auto k = wire_key(key);  // the key is ours and typed already; the router's half is checked
  return to_mapping_entry(port_mapping_entry{k.remote_host, k.external_port, k.protocol, wire.internal_port,
                                             wire.internal_client, wire.enabled, wire.description, wire.lease},
                          why);
}

port_mapping_key wire_key(const mapping_key& key) {
  port_mapping_key k;
  if (key.remote_host) k.remote_host = host_address(boost::asio::ip::address(*key.remote_host));
  k.external_port = key.external_port;
  k.protocol = wire_protocol(key.proto);
  return k;
}

}  // namespace igdkit::igd
