#include "igdkit/igd/add_steps.hpp"

#include "igdkit/soap/upnp_error.hpp"

namespace igdkit::igd {

add_port_mapping_request to_wire(const mapping_request& m, const boost::asio::ip::address& internal_client) {
  add_port_mapping_request r;
  if (m.remote_host) r.remote_host = host_address(*m.remote_host);
  r.external_port = m.external_port;
  r.protocol = wire_protocol(m.proto);
  r.internal_port = m.internal_port;
  r.internal_client = host_address(internal_client);
  r.enabled = m.enabled;
  r.description = m.description;
  r.lease = m.lease;
  return r;
}

add_steps::add_steps(const mapping_request& m, const boost::asio::ip::address& internal_client, bool use_add_any,
                     unsigned service_version_number)
    : attempt_{to_wire(m, internal_client), use_add_any}, allowed_(m.workarounds), version_(service_version_number) {
  progress_.internal_client = internal_client;
}

bool add_steps::on_answer(result<std::uint16_t> granted) {
  if (finished()) return false;
  progress_.attempts += 1;
  if (granted) {
    progress_.external_port = *granted;
    progress_.internal_port = attempt_.request.internal_port;
    progress_.lease = attempt_.request.lease;
    outcome_.emplace(progress_);
    return false;
  }
  const auto ec = granted.error();
  if (ec.category() != soap::upnp_category() || progress_.attempts >= max_add_attempts) {
    outcome_.emplace(ec);
    return false;
  }
  auto next = next_add_attempt(attempt_, ec.value(), version_, allowed_, progress_.applied);
  if (!next) {
    outcome_.emplace(ec);
    return false;
  }
  progress_.applied.push_back(next->used);
  attempt_ = std::move(next->attempt);
  return true;
}

}  // namespace igdkit::igd
