#include "igdkit/igd/eventing/subscriber.hpp"

#include "igdkit/gena/error.hpp"
#include "igdkit/gena/headers.hpp"

#include <algorithm>

namespace igdkit::igd::eventing {

subscriber::subscriber(std::vector<service_ref> services, subscriber_options options, time_point now)
    : services_(std::move(services)), options_(options), slots_(services_.size()) {
  for (auto& s : slots_) s.due = now;
}

bool subscriber::active(std::size_t service) const {
  return service < slots_.size() &&
         (slots_[service].state == phase::active || slots_[service].state == phase::renewing);
}

bool subscriber::any_subscribing() const {
  return std::any_of(slots_.begin(), slots_.end(), [](const slot& s) { return s.state == phase::subscribing; });
}

step subscriber::next(time_point now) {
  if (!reports_.empty()) {
    auto r = std::move(reports_.front());
    reports_.pop_front();
    return r;
  }
  if (finished_) return finished{};
  std::erase_if(early_, [&](const early& e) { return e.until <= now; });

  std::optional<time_point> wake;
  auto earliest = [&wake](time_point t) {
    if (!wake || t < *wake) wake = t;
  };
  bool in_flight = false;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    auto& s = slots_[i];
    switch (s.state) {
      case phase::subscribing:
      case phase::renewing:
      case phase::unsubscribing: in_flight = true; break;
      case phase::want:
        if (stopping_) {
          s.state = phase::done;
        } else if (s.due <= now) {
          s.state = phase::subscribing;
          return send_subscribe{i};
        } else {
          earliest(s.due);
        }
        break;
      case phase::active:
        if (stopping_) {
          s.state = phase::unsubscribing;
          return send_unsubscribe{i, s.sid};
        }
        if (s.expires <= now) {  // renewals kept failing: start over
          s.state = phase::want;
          s.sid.clear();
          s.due = now;
          return next(now);
        }
        if (s.initial_deadline && *s.initial_deadline <= now) {
          s.initial_deadline.reset();
          return report{missed{i, 0, std::nullopt}};
        }
        if (s.due <= now) {
          s.state = phase::renewing;
          return send_renew{i, s.sid};
        }
        earliest(std::min(s.due, s.expires));
        if (s.initial_deadline) earliest(*s.initial_deadline);
        break;
      case phase::unsupported:
        if (stopping_) s.state = phase::done;
        break;
      case phase::done: break;
    }
  }
  if (stopping_ && !in_flight) {
    finished_ = true;
    return report{stopped_watching{}};
  }
  for (const auto& e : early_) earliest(e.until);
  if (wake) return wait_until{*wake};
  return idle{};
}

void subscriber::granted(std::size_t i, const gena::grant& g, time_point now, bool renewal) {
  auto& s = slots_[i];
  s.state = phase::active;
  s.sid = g.sid;
  s.expires = now + g.timeout;
  s.due = now + std::max<std::chrono::seconds>(g.timeout / 2, options_.min_renew_interval);
  s.backoff = std::chrono::seconds(0);
  if (!renewal) {
    s.expected_seq.reset();
    s.initial_deadline = now + options_.initial_event_wait;
  }
  reports_.push_back(subscribed{i, g.sid, g.timeout, renewal});
}

void subscriber::retry_later(std::size_t i, std::error_code ec, time_point now) {
  auto& s = slots_[i];
  s.backoff = s.backoff.count() == 0 ? options_.retry_first : std::min(s.backoff * 2, options_.retry_max);
  s.due = now + s.backoff;
  reports_.push_back(subscription_failed{i, ec, s.due});
}

void subscriber::on_subscribe_answer(std::size_t i, const result<gena::grant>& answer, time_point now) {
  if (i >= slots_.size() || slots_[i].state != phase::subscribing) return;
  auto& s = slots_[i];
  if (answer) {
    granted(i, *answer, now, false);
    // NOTIFYs that came before this answer.
    for (auto it = early_.begin(); it != early_.end();) {
      if (it->n.sid == s.sid) {
        deliver(i, std::move(it->n));
        it = early_.erase(it);
      } else {
        ++it;
      }
    }
    return;
  }
  if (stopping_) {
    s.state = phase::done;
  } else if (answer.error() == gena::errc::eventing_unsupported) {
    s.state = phase::unsupported;
    reports_.push_back(subscription_failed{i, answer.error(), std::nullopt});
  } else {
    s.state = phase::want;
    retry_later(i, answer.error(), now);
  }
}

void subscriber::on_renew_answer(std::size_t i, const result<gena::grant>& answer, time_point now) {
  if (i >= slots_.size() || slots_[i].state != phase::renewing) return;
  auto& s = slots_[i];
  if (answer) {
    granted(i, *answer, now, true);
    return;
  }
  if (answer.error() == gena::errc::unknown_sid) {
    s.state = stopping_ ? phase::done : phase::want;
    s.sid.clear();
    s.due = now;
    if (!stopping_) reports_.push_back(subscription_lost{i, "the device no longer knows the subscription (412)"});
    return;
  }
  s.state = phase::active;
  retry_later(i, answer.error(), now);
  s.due = std::min(s.due, s.expires);
}

void subscriber::on_unsubscribe_answer(std::size_t i) {
  if (i < slots_.size() && slots_[i].state == phase::unsubscribing) slots_[i].state = phase::done;
}

void subscriber::deliver(std::size_t i, gena::notification n) {
  auto& s = slots_[i];
  const auto expected = s.expected_seq.value_or(0);
  s.initial_deadline.reset();
  s.expected_seq = gena::next_seq(n.seq);
  state_changed change{i, n.seq, n.seq == 0, std::move(n.properties), {}, n.unexpected_content_type};
  change.variables = decode_variables(change.properties);
  reports_.push_back(std::move(change));
  if (n.seq != expected) reports_.push_back(missed{i, expected, n.seq});
}

unsigned subscriber::on_notify(gena::notification n, time_point now) {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const auto& s = slots_[i];
    const bool holds = s.state == phase::active || s.state == phase::renewing || s.state == phase::unsubscribing;
    if (holds && s.sid == n.sid) {
      deliver(i, std::move(n));
      return 200;
    }
  }
  if (any_subscribing() && early_.size() < options_.max_early_notifies) {
    early_.push_back({std::move(n), now + options_.early_notify_keep});
    return 200;
  }
  return gena::http_status(gena::errc::unknown_sid);
}

void subscriber::observe_reboot(time_point now) {
  if (stopping_) return;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    auto& s = slots_[i];
    if (s.state != phase::active && s.state != phase::renewing && s.state != phase::want) continue;
    if (s.state != phase::want) reports_.push_back(subscription_lost{i, "the device rebooted"});
    s.state = phase::want;
    s.sid.clear();
    s.due = now;
    s.backoff = std::chrono::seconds(0);
  }
}

void subscriber::stop(time_point now) {
  (void)now;
  stopping_ = true;
}

}  // namespace igdkit::igd::eventing
