#include "igdkit/sim/router_events.hpp"

#include "igdkit/sim/device_uuid.hpp"
#include "igdkit/sim/evented_state.hpp"

namespace igdkit::sim {

router_events::router_events(boost::asio::any_io_executor ex, igd_handler& igd, const root_layout& layout,
                             std::function<clock::time_point()> now, gena::publisher_options options,
                             gena::sender_options sender)
    : igd_(igd),
      layout_(layout),
      now_(std::move(now)),
      publisher_(std::move(options), [] { return "uuid:" + random_device_uuid(); }),
      sender_(ex, publisher_, [&] {
        sender.now = now_;
        return std::move(sender);
      }()),
      expiry_timer_(ex) {}

void router_events::start() { sender_.start(); }

void router_events::stop() {
  stopped_ = true;
  sender_.stop();
  expiry_timer_.cancel();
}

void router_events::refresh() {
  if (stopped_ || publisher_.empty()) return;
  const auto now = now_();
  const auto services = all_services(layout_);
  for (gena::topic_id topic = 0; topic < services.size(); ++topic) {
    if (!publisher_.has_subscribers(topic)) continue;
    const auto values = evented_values(igd_, *services[topic], now);
    publisher_.publish(topic, values);
  }
  sender_.wake();
  arm_expiry_timer();
}

void router_events::arm_expiry_timer() {
  const auto at = igd_.model().mappings.next_expiry();
  if (!at) return;
  expiry_timer_.expires_after(*at - now_() + std::chrono::milliseconds(1));
  expiry_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) refresh();
  });
}

void router_events::response_written(const http_response& response) {
  const auto sid = response.find("SID");
  if (sid == response.end() || response.result() != boost::beast::http::status::ok) return;
  publisher_.response_sent(std::string(sid->value()), now_());
  sender_.wake();
}

void router_events::reboot() { publisher_.clear(); }

}  // namespace igdkit::sim
