#pragma once
// gena::publisher — the event source side of GENA as a sans-I/O state machine: the subscription
// table, the evented values of each topic (one topic per service event URL), moderation and the
// per-subscriber queue. No sockets, no clocks: callers pass `now`; a runner executes the
// deliveries next() hands out and reports each one back with delivered().
//
// Decisions (UDA 2.0 §4 leaves them to the device):
//  - CallStranger (CVE-2020-12695): every CALLBACK URL must be http:// to an IP literal equal to
//    the subscriber's own address (v4-mapped IPv6 counts as IPv4), any port; hostnames and other
//    hosts are refused with 412 and nothing is ever sent to them. At most max_callbacks URLs.
//  - TIMEOUT is granted clamped to [min_timeout, max_timeout] (UDA 1.1 asks for >= 1800 s);
//    none asked: default_timeout. Subscriptions are capped in total and per source.
//  - The initial event (SEQ 0, every evented variable) waits until the SUBSCRIBE response is
//    on the wire (response_sent) plus initial_delay, or initial_hold at most: subscribers such as
//    GUPnP drop an event that arrives before they have read their SID.
//  - Moderation: a variable is evented at most once per min_event_interval; changes within the
//    interval are coalesced and the latest value goes out when it ends.
//  - Bounded queue: one message in flight per subscriber, plus at most one waiting, into which
//    later changes are merged (values are state, so nothing but intermediate values is lost).
//    A failed delivery is dropped (its SEQ is used, so the subscriber sees the gap);
//    max_failures in a row remove the subscription. At most max_in_flight deliveries at once.
#include "igdkit/gena/messages.hpp"
#include "igdkit/gena/propertyset.hpp"
#include "igdkit/result.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace igdkit::gena {

using time_point = std::chrono::steady_clock::time_point;
using topic_id = std::size_t;

struct publisher_options {
  std::size_t max_subscriptions = 1024;
  std::size_t max_per_source = 32;
  std::size_t max_callbacks = 4;
  std::chrono::seconds default_timeout{1800};
  std::chrono::seconds min_timeout{1800};
  std::chrono::seconds max_timeout{86400};
  std::chrono::milliseconds min_event_interval{1000};
  std::chrono::milliseconds initial_hold{1000};
  std::chrono::milliseconds initial_delay{50};
  std::size_t max_failures = 3;
  std::size_t max_in_flight = 32;
  // Firmware imitations: no SEQ 0 event at all (its SEQ is still used up), another Content-Type.
  bool initial_event = true;
  std::string content_type = "text/xml; charset=\"utf-8\"";
};

struct delivery {
  std::string sid;
  std::vector<boost::urls::url> callbacks;  // tried in order until one answers (UDA §4.2)
  std::uint32_t seq = 0;
  std::string body;
  std::string content_type;
};
struct wait_until {
  time_point at;
};
struct idle {};  // nothing to do until a request, publish() or delivered()
using step = std::variant<delivery, wait_until, idle>;

struct subscription_info {
  std::string sid;
  topic_id topic = 0;
  boost::asio::ip::address source;
  std::vector<boost::urls::url> callbacks;
  std::chrono::seconds remaining{0};
  std::uint32_t next_seq = 0;
  std::size_t failures = 0;  // in a row
};

struct publisher_stats {
  std::size_t granted = 0, renewed = 0, unsubscribed = 0, expired = 0, refused = 0;
  std::size_t delivered = 0, failed = 0, dropped_subscribers = 0, merged = 0;
};

class publisher {
 public:
  // make_sid returns a fresh "uuid:..." each call (randomness stays outside the core).
  publisher(publisher_options options, std::function<std::string()> make_sid);

  // SUBSCRIBE / renewal / UNSUBSCRIBE on `topic` from `source`; the grant (for UNSUBSCRIBE, the
  // SID and zero) or a gena::errc (http_status() gives the answer's status).
  result<grant> handle(topic_id topic, const subscription_request& request, const boost::asio::ip::address& source,
                       time_point now);
  void response_sent(const std::string& sid, time_point now);

  // The topic's evented variables now, all of them, in SCPD order. Changed values are queued for
  // its subscribers (moderated); the first call only records them.
  void publish(topic_id topic, std::span<const property> values);

  step next(time_point now);
  void delivered(const std::string& sid, bool ok);

  void clear();  // a reboot: every subscription is forgotten (subscribers learn it by a 412)
  bool empty() const noexcept { return subs_.empty(); }
  std::size_t size() const noexcept { return subs_.size(); }
  bool has_subscribers(topic_id topic) const;
  std::vector<subscription_info> subscriptions(time_point now) const;
  const publisher_stats& stats() const noexcept { return stats_; }
  const publisher_options& options() const noexcept { return options_; }

 private:
  struct message {
    std::vector<property> properties;
  };
  struct subscription {
    topic_id topic = 0;
    boost::asio::ip::address source;
    std::vector<boost::urls::url> callbacks;
    time_point expires;
    std::uint32_t next_seq = 0;
    std::optional<message> waiting;
    std::optional<time_point> held_until;  // initial event not released yet
    bool in_flight = false;
    std::size_t failures = 0;
  };
  struct topic_state {
    std::vector<property> values;
    std::map<std::string, time_point, std::less<>> last_evented;
    std::vector<std::string> dirty;
    bool known = false;
  };

  result<grant> subscribe(topic_id topic, const subscription_request& request, const boost::asio::ip::address& source,
                          time_point now);
  std::chrono::seconds granted_timeout(std::optional<std::chrono::seconds> asked) const;
  std::size_t count_from(const boost::asio::ip::address& source) const;
  void expire(time_point now);
  std::optional<time_point> flush_time(const topic_state& t) const;
  void flush(topic_id id, topic_state& t, time_point now);
  void enqueue(subscription& s, std::vector<property> properties);

  publisher_options options_;
  std::function<std::string()> make_sid_;
  std::map<std::string, subscription, std::less<>> subs_;
  std::map<topic_id, topic_state> topics_;
  std::size_t in_flight_ = 0;
  publisher_stats stats_;
};

}  // namespace igdkit::gena
