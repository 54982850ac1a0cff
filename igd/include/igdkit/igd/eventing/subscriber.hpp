#pragma once
// eventing::subscriber — the control point's side of GENA as a sans-I/O state machine: one
// subscription per service, kept alive until stop(). No sockets, no clocks: the runner
// (igd/event_watch.hpp) executes the requests next() hands out, reports their answers, passes
// every NOTIFY in (the core says what to answer), and sleeps until the core's next deadline.
//
//  - Renewal at half the granted TIMEOUT; a failed renewal is retried (backoff) until the
//    subscription would expire, then it is subscribed afresh.
//  - A 412 on renewal (the device forgot us: rebooted, expired) and observe_reboot() subscribe
//    again at once; the fresh initial event carries every value.
//  - SEQ is checked per subscription: the first event must be SEQ 0 and each next one SEQ+1
//    (4294967295 -> 1). A gap is a missed event: `missed` asks the runner to re-read the state
//    by action. No initial event within initial_event_wait asks the same.
//  - A NOTIFY may beat the SUBSCRIBE response to us (the device sends the initial event as
//    soon as it has granted): while a SUBSCRIBE is outstanding, a few NOTIFYs with an unknown
//    SID are kept and replayed once the SID is known.
//  - 404/405/501 on SUBSCRIBE: the device has no eventing there; `unsupported`, no retries
//    (the caller polls instead). Other failures retry with exponential backoff.
#include "igdkit/gena/messages.hpp"
#include "igdkit/igd/eventing/variables.hpp"

#include <boost/url/url.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

namespace igdkit::igd::eventing {

using time_point = std::chrono::steady_clock::time_point;

struct service_ref {
  std::string service_type;  // "urn:schemas-upnp-org:service:WANIPConnection:2"
  std::string service_id;
  boost::urls::url event_url;
};

struct subscriber_options {
  std::chrono::seconds timeout{1800};  // TIMEOUT asked for
  std::chrono::seconds min_renew_interval{1};
  std::chrono::seconds retry_first{2}, retry_max{300};
  std::chrono::milliseconds initial_event_wait{5000};
  std::size_t max_early_notifies = 8;
  std::chrono::milliseconds early_notify_keep{5000};
};

// --- what the core asks the runner to do ---
struct send_subscribe {
  std::size_t service;
};
struct send_renew {
  std::size_t service;
  std::string sid;
};
struct send_unsubscribe {
  std::size_t service;
  std::string sid;
};
struct wait_until {
  time_point at;
};
struct idle {};  // nothing until an answer or a NOTIFY comes in
struct finished {};

// --- what it reports ---
struct subscribed {
  std::size_t service;
  std::string sid;
  std::chrono::seconds timeout{0};
  bool renewal = false;
};
struct subscription_failed {
  std::size_t service;
  std::error_code error;
  std::optional<time_point> retry_at;  // nullopt: not retried (eventing unsupported)
};
struct subscription_lost {  // the device no longer knows the SID; subscribing again
  std::size_t service;
  std::string reason;
};
struct state_changed {
  std::size_t service;
  std::uint32_t seq = 0;
  bool initial = false;
  std::vector<gena::property> properties;
  wan_variables variables;
  bool unexpected_content_type = false;
  bool from_actions = false;  // not an event: the runner re-read the state after a miss
};
struct missed {  // SEQ gap or no initial event: re-read the state by action
  std::size_t service;
  std::optional<std::uint32_t> expected, got;
};
struct stopped_watching {};

using report = std::variant<subscribed, subscription_failed, subscription_lost, state_changed, missed, stopped_watching>;
using step = std::variant<report, send_subscribe, send_renew, send_unsubscribe, wait_until, idle, finished>;

class subscriber {
 public:
  subscriber(std::vector<service_ref> services, subscriber_options options, time_point now);

  step next(time_point now);

  void on_subscribe_answer(std::size_t service, const result<gena::grant>& answer, time_point now);
  void on_renew_answer(std::size_t service, const result<gena::grant>& answer, time_point now);
  void on_unsubscribe_answer(std::size_t service);
  // A well-formed NOTIFY (gena::read_notify_request); returns the status to answer: 200, or
  // 412 for a SID none of our subscriptions holds.
  unsigned on_notify(gena::notification n, time_point now);

  void observe_reboot(time_point now);  // the device rebooted: every SID is void
  void stop(time_point now);            // unsubscribe everything, then finished

  const std::vector<service_ref>& services() const noexcept { return services_; }
  bool active(std::size_t service) const;

 private:
  enum class phase { want, subscribing, active, renewing, unsubscribing, unsupported, done };
  struct slot {
    phase state = phase::want;
    std::string sid;
    time_point due{};  // want: when to (re)subscribe; active: when to renew
    time_point expires{};
    std::optional<std::uint32_t> expected_seq;
    std::optional<time_point> initial_deadline;
    std::chrono::seconds backoff{0};
  };
  struct early {
    gena::notification n;
    time_point until;
  };

  void granted(std::size_t i, const gena::grant& g, time_point now, bool renewal);
  void retry_later(std::size_t i, std::error_code ec, time_point now);
  void deliver(std::size_t i, gena::notification n);
  bool any_subscribing() const;

  std::vector<service_ref> services_;
  subscriber_options options_;
  std::vector<slot> slots_;
  std::deque<report> reports_;
  std::deque<early> early_;
  bool stopping_ = false;
  bool finished_ = false;
};

}  // namespace igdkit::igd::eventing
