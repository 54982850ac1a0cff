// Wire mapping entries (text kept verbatim, as the router sent it) -> typed mapping_entry.
#include "igdkit/igd/client_types.hpp"
#include "igdkit/igd/error.hpp"

namespace igdkit::igd {
namespace {

using boost::asio::ip::address_v4;

bool fail(std::string* why, std::string text) {
  if (why) *why = std::move(text);
  return false;
}

bool typed_protocol(const wire_protocol& wire, protocol& out, std::string* why) {
  const auto p = wire.lenient();
  if (!p) return fail(why, "NewProtocol '" + wire.text() + "' is neither TCP nor UDP");
  out = *p;
  return true;
}

bool typed_v4(const host_address& wire, std::string_view field, address_v4& out, std::string* why) {
  const auto ip = wire.ip();
  if (!ip || !ip->is_v4()) return fail(why, std::string(field) + " '" + wire.text() + "' is not an IPv4 address");
  out = ip->to_v4();
  return true;
}

bool typed_remote(const host_address& wire, std::optional<address_v4>& out, std::string* why) {
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

result<mapping_entry> to_mapping_entry(const port_mapping_entry& wire, std::string* why) {
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
                                       std::string* why) {
  mapping_entry e;
  e.external_port = key.external_port;
  e.proto = key.proto;
  e.remote_host = key.remote_host;
  e.internal_port = wire.internal_port;
  e.enabled = wire.enabled;
  e.description = wire.description;
  e.lease = wire.lease;
  if (!typed_v4(wire.internal_client, "NewInternalClient", e.internal_client, why))
    return make_error_code(errc::invalid_argument_value);
  return e;
}

port_mapping_key wire_key(const mapping_key& key) {
  port_mapping_key k;
  if (key.remote_host) k.remote_host = host_address(boost::asio::ip::address(*key.remote_host));
  k.external_port = key.external_port;
  k.protocol = wire_protocol(key.proto);
  return k;
}

}  // namespace igdkit::igd
