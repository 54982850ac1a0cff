#include "igdkit/gena/publisher.hpp"

#include "igdkit/address.hpp"
#include "igdkit/gena/error.hpp"
#include "igdkit/gena/headers.hpp"

#include <algorithm>

namespace igdkit::gena {

namespace ip = boost::asio::ip;

namespace {

// CallStranger: an IP literal equal to the requester, nothing else.
// A name would need resolving, and could name anyone: refused like another host.
bool points_at(const boost::urls::url& callback, const ip::address& source) {
  const auto host = literal_host(callback);
  return host && unmapped(*host) == unmapped(source);
}

void merge_into(std::vector<property>& into, std::vector<property> newer) {
  for (auto& p : newer) {
    const auto it = std::find_if(into.begin(), into.end(), [&](const property& q) { return q.name == p.name; });
    if (it == into.end())
      into.push_back(std::move(p));
    else
      it->value = std::move(p.value);
  }
}

}  // namespace

publisher::publisher(publisher_options options, std::function<std::string()> make_sid)
    : options_(std::move(options)), make_sid_(std::move(make_sid)) {
  options_.max_in_flight = std::max<std::size_t>(options_.max_in_flight, 1);
  options_.max_failures = std::max<std::size_t>(options_.max_failures, 1);
}

std::chrono::seconds publisher::granted_timeout(std::optional<std::chrono::seconds> asked) const {
  return std::clamp(asked.value_or(options_.default_timeout), options_.min_timeout,
                    std::max(options_.min_timeout, options_.max_timeout));
}

std::size_t publisher::count_from(const ip::address& source) const {
  const auto from = unmapped(source);
  return static_cast<std::size_t>(
      std::count_if(subs_.begin(), subs_.end(), [&](const auto& kv) { return kv.second.source == from; }));
}

bool publisher::has_subscribers(topic_id topic) const {
  return std::any_of(subs_.begin(), subs_.end(), [&](const auto& kv) { return kv.second.topic == topic; });
}

result<grant> publisher::handle(topic_id topic, const subscription_request& request, const ip::address& source,
                                time_point now) {
  expire(now);
  auto refuse = [this](errc e) -> result<grant> {
    ++stats_.refused;
    return make_error_code(e);
  };
  if (request.kind == request_kind::subscribe) return subscribe(topic, request, source, now);
  const auto it = subs_.find(request.sid);
  if (it == subs_.end() || it->second.topic != topic) return refuse(errc::unknown_sid);
  if (request.kind == request_kind::unsubscribe) {
    if (it->second.in_flight) --in_flight_;
    subs_.erase(it);
    ++stats_.unsubscribed;
    return grant{request.sid, std::chrono::seconds(0)};
  }
  const auto timeout = granted_timeout(request.timeout);
  it->second.expires = now + timeout;
  ++stats_.renewed;
  return grant{request.sid, timeout};
}

result<grant> publisher::subscribe(topic_id topic, const subscription_request& request, const ip::address& source,
                                   time_point now) {
  auto refuse = [this](errc e) -> result<grant> {
    ++stats_.refused;
    return make_error_code(e);
  };
  if (request.callbacks.empty()) return refuse(errc::missing_callback);
  if (request.callbacks.size() > options_.max_callbacks) return refuse(errc::too_many_callbacks);
  for (const auto& url : request.callbacks)
    if (!points_at(url, source)) return refuse(errc::callback_not_requester);
  if (subs_.size() >= options_.max_subscriptions || count_from(source) >= options_.max_per_source)
    return refuse(errc::too_many_subscriptions);

  grant g{make_sid_(), granted_timeout(request.timeout)};
  subscription s;
  s.topic = topic;
  s.source = unmapped(source);
  s.callbacks = request.callbacks;
  s.expires = now + g.timeout;
  if (options_.initial_event) {
    s.waiting = message{topics_[topic].values};
    s.held_until = now + options_.initial_hold;
  } else {
    s.next_seq = 1;  // the SEQ 0 such firmware never sends
  }
  subs_.insert_or_assign(g.sid, std::move(s));
  ++stats_.granted;
  return g;
}

void publisher::response_sent(const std::string& sid, time_point now) {
  const auto it = subs_.find(sid);
  if (it == subs_.end() || !it->second.held_until) return;
  it->second.held_until = std::min(*it->second.held_until, now + options_.initial_delay);
}

void publisher::publish(topic_id topic, std::span<const property> values) {
  auto& t = topics_[topic];
  if (t.known) {
    for (const auto& v : values) {
      const auto old = std::find_if(t.values.begin(), t.values.end(), [&](const property& p) { return p.name == v.name; });
      const bool changed = old == t.values.end() || old->value != v.value;
      if (changed && std::find(t.dirty.begin(), t.dirty.end(), v.name) == t.dirty.end()) t.dirty.push_back(v.name);
    }
  }
  t.values.assign(values.begin(), values.end());
  t.known = true;
}

std::optional<time_point> publisher::flush_time(const topic_state& t) const {
  if (t.dirty.empty()) return std::nullopt;
  std::optional<time_point> at;
  for (const auto& name : t.dirty) {
    const auto it = t.last_evented.find(name);
    const auto ready = it == t.last_evented.end() ? time_point::min() : it->second + options_.min_event_interval;
    if (!at || ready > *at) at = ready;
  }
  return at;
}

void publisher::enqueue(subscription& s, std::vector<property> properties) {
  if (s.waiting) {
    merge_into(s.waiting->properties, std::move(properties));
    ++stats_.merged;
  } else {
    s.waiting = message{std::move(properties)};
  }
}

void publisher::flush(topic_id id, topic_state& t, time_point now) {
  std::vector<property> changed;
  for (const auto& v : t.values)
    if (std::find(t.dirty.begin(), t.dirty.end(), v.name) != t.dirty.end()) changed.push_back(v);
  for (const auto& name : t.dirty) t.last_evented.insert_or_assign(name, now);
  t.dirty.clear();
  if (changed.empty()) return;
  for (auto& [sid, s] : subs_)
    if (s.topic == id) enqueue(s, changed);
}

void publisher::expire(time_point now) {
  for (auto it = subs_.begin(); it != subs_.end();) {
    if (it->second.expires <= now) {
      if (it->second.in_flight) --in_flight_;
      it = subs_.erase(it);
      ++stats_.expired;
    } else {
      ++it;
    }
  }
}

step publisher::next(time_point now) {
  expire(now);
  std::optional<time_point> wake;
  auto earliest = [&wake](time_point t) {
    if (!wake || t < *wake) wake = t;
  };
  for (auto& [id, t] : topics_) {
    const auto at = flush_time(t);
    if (!at) continue;
    if (*at <= now)
      flush(id, t, now);
    else
      earliest(*at);
  }
  for (auto& [sid, s] : subs_) {
    earliest(s.expires);
    if (!s.waiting || s.in_flight) continue;
    if (s.held_until && *s.held_until > now) {
      earliest(*s.held_until);
      continue;
    }
    if (in_flight_ >= options_.max_in_flight) continue;  // delivered() wakes the runner
    delivery d{sid, s.callbacks, s.next_seq, build_propertyset(s.waiting->properties), options_.content_type};
    s.next_seq = next_seq(s.next_seq);
    s.waiting.reset();
    s.held_until.reset();
    s.in_flight = true;
    ++in_flight_;
    return d;
  }
  if (wake) return wait_until{*wake};
  return idle{};
}

void publisher::delivered(const std::string& sid, bool ok) {
  const auto it = subs_.find(sid);
  if (it == subs_.end() || !it->second.in_flight) return;  // unsubscribed or expired meanwhile
  auto& s = it->second;
  s.in_flight = false;
  --in_flight_;
  if (ok) {
    s.failures = 0;
    ++stats_.delivered;
    return;
  }
  ++stats_.failed;
  if (++s.failures >= options_.max_failures) {
    subs_.erase(it);
    ++stats_.dropped_subscribers;
  }
}

void publisher::clear() {
  subs_.clear();
  in_flight_ = 0;
  for (auto& [id, t] : topics_) t.dirty.clear();
}

std::vector<subscription_info> publisher::subscriptions(time_point now) const {
  std::vector<subscription_info> out;
  for (const auto& [sid, s] : subs_) {
    const auto left = s.expires > now ? std::chrono::duration_cast<std::chrono::seconds>(s.expires - now)
                                      : std::chrono::seconds(0);
    out.push_back({sid, s.topic, s.source, s.callbacks, left, s.next_seq, s.failures});
  }
  return out;
}

}  // namespace igdkit::gena
