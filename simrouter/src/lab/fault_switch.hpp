#pragma once
// Holds the lab's current fault_set and turns it into the router's injection hooks: the SSDP
// answer hook and the HTTP reply plan. The hooks read the switch at call time, so a fault set
// over the admin API applies to the very next request.
#include "igdkit/sim/faults.hpp"
#include "igdkit/http_server.hpp"
#include "igdkit/ssdp/responder.hpp"

namespace igdkit::sim::detail {

class fault_switch {
 public:
  explicit fault_switch(fault_set initial) : faults_(initial) {}
  const fault_set& current() const noexcept { return faults_; }
  void set(const fault_set& f) noexcept { faults_ = f; }

  ssdp::answer_decision on_search() const noexcept;
  // Counts down http.times; the HTTP faults clear themselves when it reaches 0.
  reply_plan on_reply(const http_request& request) noexcept;

 private:
  fault_set faults_;
};

}  // namespace igdkit::sim::detail
