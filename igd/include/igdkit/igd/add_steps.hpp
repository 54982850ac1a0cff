#pragma once
// AddPortMapping with the workaround policy as a sans-I/O stepper: it says which request to send,
// is fed the router's answer, and either names the next request or holds the final outcome. The
// client's add_port_mapping drives it over its transport; tests step it without any transport.
#include "igdkit/igd/client_types.hpp"
#include "igdkit/igd/workarounds.hpp"
#include "igdkit/result.hpp"

#include <boost/asio/ip/address.hpp>

#include <cstdint>
#include <optional>
#include <system_error>

namespace igdkit::igd {

class add_steps {
 public:
  // `use_add_any`: start with AddAnyPortMapping. `service_version_number`: 1 or 2.
  add_steps(const mapping_request& m, const boost::asio::ip::address& internal_client, bool use_add_any,
            unsigned service_version_number);

  // The request to send now (valid until finished()).
  const add_attempt& attempt() const noexcept { return attempt_; }
  // The router's answer to attempt(): the granted external port, or the error. Returns true when
  // another request is due (attempt() holds it), false when outcome() is final.
  bool on_answer(result<std::uint16_t> granted);
  bool finished() const noexcept { return outcome_.has_value(); }
  const result<mapping_result>& outcome() const { return *outcome_; }

 private:
  mapping_result progress_;
  add_attempt attempt_;
  workaround_permissions allowed_;
  unsigned version_;
  std::optional<result<mapping_result>> outcome_;
};

// The wire form of a typed mapping request for `internal_client`.
add_port_mapping_request to_wire(const mapping_request& m, const boost::asio::ip::address& internal_client);

}  // namespace igdkit::igd
