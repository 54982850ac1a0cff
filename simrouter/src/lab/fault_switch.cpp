#include "fault_switch.hpp"

namespace igdkit::sim::detail {

namespace http = boost::beast::http;

ssdp::answer_decision fault_switch::on_search() const noexcept {
  ssdp::answer_decision d;
  d.drop = !faults_.answering || faults_.ssdp.drop;
  d.extra_delay = faults_.ssdp.delay;
  d.copies = faults_.ssdp.copies == 0 ? 1 : faults_.ssdp.copies;
  return d;
}

namespace {

reply_action to_reply_action(http_fault_action a) noexcept {
  switch (a) {
    case http_fault_action::none: return reply_action::answer;
    case http_fault_action::reset: return reply_action::reset;
    case http_fault_action::truncate_body: return reply_action::truncate_body;
    case http_fault_action::status_500_empty: return reply_action::status_500_empty;
  }
  return reply_action::answer;
}

}  // namespace

reply_plan fault_switch::on_reply(const http_request& request) noexcept {
  if (!faults_.answering) return reply_plan{std::chrono::milliseconds{0}, reply_action::hold};
  auto& f = faults_.http;
  const bool armed = f.action != http_fault_action::none || f.delay.count() > 0;
  if (!armed || (f.control_only && request.method() != http::verb::post)) return {};
  const reply_plan plan{f.delay, to_reply_action(f.action)};
  if (f.times && --*f.times == 0) f = http_faults{};
  return plan;
}

}  // namespace igdkit::sim::detail
