#pragma once
// The simulated router's eventing: a gena::publisher with one topic per service of the device
// tree (in all_services order), its event_sender, and the glue that keeps the topics' values
// current. The router calls refresh() after anything that may change an evented variable (a
// request, a lab change, a reboot); a timer on the earliest lease expiry covers mappings that
// run out while nobody asks. Only services someone subscribed to are read.
#include "igdkit/gena/event_sender.hpp"
#include "igdkit/gena/publisher.hpp"
#include "igdkit/http_message.hpp"
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/igd_handler.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>

namespace igdkit::sim {

class router_events {
 public:
  router_events(boost::asio::any_io_executor ex, igd_handler& igd, const root_layout& layout,
                std::function<clock::time_point()> now, gena::publisher_options options,
                gena::sender_options sender);

  gena::publisher& publisher() noexcept { return publisher_; }
  const gena::publisher& publisher() const noexcept { return publisher_; }

  void start();
  void stop();
  void refresh();
  // After a response went out: a SUBSCRIBE's grant releases its initial event.
  void response_written(const http_response& response);
  void reboot();  // subscriptions do not survive a power cycle

 private:
  void arm_expiry_timer();

  igd_handler& igd_;
  const root_layout& layout_;
  std::function<clock::time_point()> now_;
  gena::publisher publisher_;
  gena::event_sender sender_;
  boost::asio::steady_timer expiry_timer_;
  bool stopped_ = false;
};

}  // namespace igdkit::sim
