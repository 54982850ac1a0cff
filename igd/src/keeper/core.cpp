#include "igdkit/igd/keeper/core.hpp"

#include "igdkit/igd/keeper/candidates.hpp"
#include "igdkit/soap/upnp_error.hpp"

#include <algorithm>

namespace igdkit::igd::keeper {

using namespace std::chrono_literals;

namespace {

bool is_router_error(const std::error_code& ec) { return ec.category() == soap::upnp_category(); }

bool is_conflict(const std::error_code& ec, port_policy policy) {
  if (ec == soap::upnp_errc::conflict_in_mapping_entry || ec == soap::upnp_errc::conflict_with_other_mechanisms)
    return true;
  // Some firmware reports an occupied port as 501 Action Failed; worth another port where the
  // policy allows one (the exact policy reports it as the router's refusal).
  return policy != port_policy::exact && ec == soap::upnp_errc::action_failed;
}

std::string error_text(const std::error_code& ec) {
  if (is_router_error(ec)) {
    auto name = soap::upnp_error_name(ec.value());
    return std::to_string(ec.value()) + (name.empty() ? std::string() : " " + std::string(name));
  }
  return ec.message();
}

}  // namespace

std::string_view to_string(mapping_phase p) noexcept {
  switch (p) {
    case mapping_phase::waiting: return "waiting";
    case mapping_phase::adding: return "adding";
    case mapping_phase::verifying: return "verifying";
    case mapping_phase::up: return "up";
    case mapping_phase::failed: return "failed";
    case mapping_phase::removing: return "removing";
  }
  return "unknown";
}

core::core(keeper_options options, std::vector<remembered_port> remembered)
    : options_(std::move(options)), remembered_(std::move(remembered)) {}

// ---- inputs ------------------------------------------------------------------------------------

void core::put_set(mapping_set set, clock::time_point now) {
  // Mappings of the old version of the set that the new one lacks are removed.
  for (auto& s : slots_) {
    if (s.id.set != set.name || s.removing) continue;
    const bool kept = std::any_of(set.mappings.begin(), set.mappings.end(), [&](const desired_mapping& m) {
      return m.label == s.id.label && m.proto == s.want.proto;
    });
    if (!kept) s.removing = true;
  }
  for (auto& m : set.mappings) {
    mapping_id id{set.name, m.label};
    auto existing = std::find_if(slots_.begin(), slots_.end(), [&](const slot& s) { return s.id == id && !s.removing; });
    if (existing != slots_.end()) {
      if (existing->want.internal_port == m.internal_port && existing->want.proto == m.proto &&
          existing->want.preferred_external_port() == m.preferred_external_port() &&
          existing->want.internal_client == m.internal_client && existing->want.policy == m.policy) {
        existing->want = std::move(m);  // description or lease only: applied at the next renewal
        continue;
      }
      existing->removing = true;  // changed: replace
    }
    slot s;
    s.id = std::move(id);
    s.candidates = candidate_ports(m.preferred_external_port(), m.policy, options_.max_candidates,
                                   remembered_for(s.id, m));
    s.want = std::move(m);
    s.due = now;
    slots_.push_back(std::move(s));
  }
}

void core::remove_set(std::string_view name, clock::time_point) {
  for (auto& s : slots_)
    if (s.id.set == name) s.removing = true;
}

void core::refresh(clock::time_point now) {
  check_due_ = now;
  find_due_ = std::min(find_due_, now);
}

void core::observe_boot_id(std::string_view udn, std::uint32_t boot_id, clock::time_point now) {
  if (!gateway_ || gateway_->udn != udn) return;
  const bool changed = boot_id_ && *boot_id_ != boot_id;
  boot_id_ = boot_id;
  if (!changed) return;
  emit(gateway_rebooted{"BOOTID.UPNP.ORG changed to " + std::to_string(boot_id)});
  restore_all(now);
  check_due_ = now;
}

void core::observe_connection(bool connected, clock::time_point now) {
  if (stopping_ || connected != wan_down_) return;  // no change
  wan_down_ = !connected;
  if (connected) {
    restore_all(now);
    check_due_ = now;
    return;
  }
  for (auto& s : slots_) {
    if (s.removing || !s.announced_port) continue;
    s.announced_port.reset();
    s.restoring = true;
    emit(mapping_down{s.id, down_reason::wan_down, {}, "the router reports its WAN connection down"});
  }
}

void core::stop(clock::time_point now) {
  if (stopping_) return;
  stopping_ = true;
  stop_deadline_ = now + options_.stop_bound;
  for (auto& s : slots_) s.removing = true;
}

// ---- outputs -----------------------------------------------------------------------------------

core::step core::next(clock::time_point now) {
  if (!events_.empty()) {
    event e = std::move(events_.front());
    events_.pop_front();
    return e;
  }
  if (flight_) return await_outcome{};
  if (stopping_) {
    if (auto s = stop_work(now)) return *s;
  }
  if (auto s = gateway_work(now)) return *s;
  if (auto s = stale_work()) return *s;
  if (auto s = slot_work(now)) return *s;
  // Nothing due: sleep until the earliest deadline.
  clock::time_point at = check_due_;
  for (const auto& s : slots_)
    if (s.phase != mapping_phase::adding && s.phase != mapping_phase::verifying) at = std::min(at, s.due);
  return wait_until{std::max(at, now)};
}

std::optional<core::step> core::stop_work(clock::time_point now) {
  const bool in_time = now < stop_deadline_ && gateway_;
  for (std::size_t i = 0; i < slots_.size() && in_time; ++i) {
    auto& s = slots_[i];
    if (!s.granted) continue;
    s.phase = mapping_phase::removing;
    flight_ = in_flight{flight_kind::remove, i};
    return send{remove_mapping{{s.granted->external_port, s.want.proto}}};
  }
  if (!stop_reported_) {
    stop_reported_ = true;
    std::size_t left = 0;
    for (const auto& s : slots_) left += s.granted ? 1 : 0;
    return step{event{stopped{stop_removed_, left}}};
  }
  return step{done{}};
}

std::optional<core::step> core::gateway_work(clock::time_point now) {
  if (!gateway_) {
    if (now < find_due_) return wait_until{find_due_};
    flight_ = in_flight{flight_kind::find};
    return send{find_gateway{}};
  }
  if (now >= check_due_) {
    flight_ = in_flight{flight_kind::state};
    return send{read_gateway_state{}};
  }
  return std::nullopt;
}

std::optional<core::step> core::stale_work() {
  if (!stale_scanned_) {
    stale_scanned_ = true;
    for (const auto& r : remembered_) {
      const bool wanted = std::any_of(slots_.begin(), slots_.end(), [&](const slot& s) {
        return s.id == r.id && s.want.proto == r.proto && !s.removing;
      });
      if (!wanted) stale_.push_back({r});
    }
  }
  for (std::size_t i = 0; i < stale_.size(); ++i) {
    auto& e = stale_[i];
    if (!e.checked) {
      flight_ = in_flight{flight_kind::stale_read, i};
      return send{read_mapping{{e.port.external_port, e.port.proto}}};
    }
    if (e.is_ours) {
      flight_ = in_flight{flight_kind::stale_remove, i};
      return send{remove_mapping{{e.port.external_port, e.port.proto}}};
    }
  }
  stale_.clear();
  return std::nullopt;
}

std::optional<core::step> core::slot_work(clock::time_point now) {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    auto& s = slots_[i];
    if (s.removing) {
      if (!s.granted) {
        if (!stopping_) forget(s.id, s.want.proto);
        emit(mapping_down{s.id, down_reason::removed, {}, "removed"});
        slots_.erase(slots_.begin() + static_cast<std::ptrdiff_t>(i));
        emit(ports_changed{});
        return next(now);
      }
      s.phase = mapping_phase::removing;
      flight_ = in_flight{flight_kind::remove, i};
      return send{remove_mapping{{s.granted->external_port, s.want.proto}}};
    }
    if (s.due > now) continue;
    if (!s.granted && claimed_by_other(i, s.candidates[s.candidate]) &&
        (s.want.policy == port_policy::exact || !advance_candidate(i))) {
      fail_slot(i, down_reason::conflict, {},
                "external port " + std::to_string(s.candidates[s.candidate]) + " is used by another of our mappings",
                now);
      s.candidate = 0;
      return next(now);
    }
    if (s.phase == mapping_phase::verifying) {  // right after an add, or a permanent one's check
      flight_ = in_flight{flight_kind::verify, i};
      return send{read_mapping{{s.granted->external_port, s.want.proto}}};
    }
    if (s.phase == mapping_phase::up && s.granted && s.granted->lease.count() == 0) {
      s.phase = mapping_phase::verifying;  // nothing to renew: check it is still there
      flight_ = in_flight{flight_kind::verify, i};
      return send{read_mapping{{s.granted->external_port, s.want.proto}}};
    }
    if (!s.granted && !s.prechecked) {
      // A new port: look first. The router lets a host overwrite its own mappings, so another
      // application on this host (another keeper, another user's camera app) would lose its
      // mapping to a blind AddPortMapping.
      s.phase = mapping_phase::adding;
      flight_ = in_flight{flight_kind::precheck, i};
      return send{read_mapping{{s.candidates[s.candidate], s.want.proto}}};
    }
    return start_add(i);
  }
  return std::nullopt;
}

core::send core::start_add(std::size_t index) {
  auto& s = slots_[index];
  s.phase = mapping_phase::adding;
  mapping_request r;
  // A refresh keeps the granted port; otherwise the current candidate.
  r.external_port = s.granted ? s.granted->external_port : s.candidates[s.candidate];
  r.internal_port = s.granted ? s.granted->internal_port : s.want.internal_port;
  r.proto = s.want.proto;
  if (s.want.internal_client) r.internal_client = boost::asio::ip::address(*s.want.internal_client);
  r.lease = s.zero_lease ? 0s : s.want.lease;
  r.description = description_for(s);
  r.workarounds.zero_lease = true;
  r.workarounds.other_external_port = false;  // candidates are ours to choose (sets must not collide)
  r.workarounds.same_port_values = s.want.may_change_internal_port;
  const bool any = !s.granted && s.want.policy == port_policy::any && gateway_ && gateway_->supports_add_any;
  flight_ = in_flight{flight_kind::add, index};
  return send{add_mapping{std::move(r), any}};
}

// ---- outcomes ----------------------------------------------------------------------------------

void core::on_outcome(outcome answer, clock::time_point now) {
  if (!flight_) return;  // nothing was asked: a stray answer
  const auto f = *flight_;
  flight_.reset();
  switch (f.kind) {
    case flight_kind::find:
      if (auto* r = std::get_if<result<gateway_identity>>(&answer)) finish_find(*r, now);
      break;
    case flight_kind::state:
      if (auto* r = std::get_if<result<gateway_state>>(&answer)) finish_state(*r, now);
      break;
    case flight_kind::add:
      if (auto* r = std::get_if<result<mapping_result>>(&answer)) finish_add(f.index, *r, now);
      break;
    case flight_kind::verify:
      if (auto* r = std::get_if<result<mapping_entry>>(&answer)) finish_verify(f.index, *r, now);
      break;
    case flight_kind::precheck:
      if (auto* r = std::get_if<result<mapping_entry>>(&answer)) finish_precheck(f.index, *r, now);
      break;
    case flight_kind::remove:
      if (auto* r = std::get_if<result<void>>(&answer)) finish_remove(f.index, *r, now);
      break;
    case flight_kind::stale_read:
    case flight_kind::stale_remove: {
      flight_ = f;  // finish_stale needs to know which
      finish_stale(answer);
      flight_.reset();
      break;
    }
  }
}

void core::finish_find(const result<gateway_identity>& r, clock::time_point now) {
  if (!r) {
    ++find_failures_;
    find_due_ = now + backoff(find_failures_);
    if (!gateway_lost_reported_) {
      gateway_lost_reported_ = true;
      emit(gateway_lost{r.error(), "no gateway answered: " + error_text(r.error())});
    }
    return;
  }
  const bool replaced = !last_udn_.empty() && last_udn_ != r->udn;
  gateway_ = *r;
  last_udn_ = r->udn;
  gateway_lost_reported_ = false;
  find_failures_ = 0;
  if (replaced) boot_id_.reset();
  last_uptime_.reset();
  emit(gateway_found{r->udn, r->location, r->name, replaced});
  if (external_ip_ != r->external_ip && (external_ip_ || replaced)) emit(external_ip_changed{external_ip_, r->external_ip});
  external_ip_ = r->external_ip;
  check_due_ = now + options_.check_interval;
  restore_all(now);
}

void core::finish_state(const result<gateway_state>& r, clock::time_point now) {
  check_due_ = now + options_.check_interval;
  if (!r) {
    if (!is_router_error(r.error())) lose_gateway(r.error(), now);
    return;  // a router that lacks these actions: keep going on renewals alone
  }
  bool rebooted = false;
  if (r->uptime && last_uptime_) {
    // Uptime must have grown by the time elapsed (within slack for rounding and clock drift).
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - last_uptime_at_);
    rebooted = *r->uptime + 2s < *last_uptime_ + elapsed;  // whole seconds on both ends
  }
  if (r->uptime) {
    last_uptime_ = r->uptime;
    last_uptime_at_ = now;
  }
  if (rebooted) emit(gateway_rebooted{"uptime went back to " + std::to_string(r->uptime->count()) + " s"});
  const bool moved = r->external_ip != external_ip_;
  if (moved) {
    emit(external_ip_changed{external_ip_, r->external_ip});
    external_ip_ = r->external_ip;
    if (gateway_) gateway_->external_ip = r->external_ip;
  }
  if (rebooted) {
    restore_all(now);
    return;
  }
  if (!moved) {
    // Uptime cannot show a reboot in the router's first seconds, nor a flushed table: read one
    // mapping back each check, in turn. A 714 there restores every mapping (finish_verify).
    std::size_t up = 0;
    for (const auto& s : slots_) up += s.phase == mapping_phase::up ? 1 : 0;
    if (up == 0) return;
    std::size_t pick = probe_turn_++ % up;
    for (auto& s : slots_) {
      if (s.phase != mapping_phase::up) continue;
      if (pick-- == 0) {
        s.phase = mapping_phase::verifying;
        s.spot_check_due = s.due;  // a read-back only: the renewal stays where it was
        s.due = now;
        break;
      }
    }
  } else {
    for (auto& s : slots_) s.announced_port.reset();  // re-announce the new public endpoints
    for (auto& s : slots_)
      if (s.phase == mapping_phase::up) {
        s.phase = mapping_phase::verifying;
        s.due = now;
      }
  }
}

void core::finish_add(std::size_t index, const result<mapping_result>& r, clock::time_point now) {
  auto& s = slots_[index];
  if (r) {
    const bool port_moved = s.granted && s.granted->external_port != r->external_port;
    s.granted = *r;
    if (r->lease.count() == 0 && s.want.lease.count() != 0) s.zero_lease = true;
    s.phase = mapping_phase::verifying;
    s.due = now;
    s.failures = 0;
    s.last_error.clear();
    if (port_moved) s.announced_port.reset();
    return;
  }
  const auto& ec = r.error();
  if (!is_router_error(ec)) {
    lose_gateway(ec, now);
    return;
  }
  if (s.granted) {
    // A refresh was refused: the entry may be gone or changed; start over from the candidates.
    s.granted.reset();
    s.prechecked = false;
    s.phase = mapping_phase::waiting;
    s.due = now;
    s.restoring = true;
    emit(ports_changed{});
    return;
  }
  if (is_conflict(ec, s.want.policy)) {
    if (s.want.policy != port_policy::exact && advance_candidate(index)) {
      s.due = now;
      s.phase = mapping_phase::waiting;
      return;
    }
    const auto port = s.candidates[s.candidate];
    if (s.want.policy == port_policy::exact)
      fail_slot(index, down_reason::conflict, ec,
                "external port " + std::to_string(port) + " is taken by another host (" + error_text(ec) + ")", now);
    else
      fail_slot(index, down_reason::no_free_port, ec,
                "all " + std::to_string(s.candidates.size()) + " candidate ports from " +
                    std::to_string(s.candidates.front()) + " are taken",
                now);
    s.candidate = 0;
    return;
  }
  std::string detail = "the router refused external port " + std::to_string(s.candidates[s.candidate]) + " " +
                       std::string(igdkit::to_string(s.want.proto)) + " (" + error_text(ec) + ")";
  if (ec == soap::upnp_errc::same_port_values_required)
    detail += ": it cannot map external port " + std::to_string(s.candidates[s.candidate]) +
              " to internal port " + std::to_string(s.want.internal_port) + "; the service must listen on " +
              std::to_string(s.candidates[s.candidate]);
  if (ec == soap::upnp_errc::no_port_maps_available) detail += ": its mapping table is full";
  if (ec == soap::upnp_errc::action_not_authorized)
    detail += s.candidates[s.candidate] < 1024 || s.want.internal_port < 1024
                  ? ": many routers only allow ports 1024-65535; pick a higher external port"
                  : ": the router allows mappings only for the requesting host (secure mode) or not these ports";
  fail_slot(index, down_reason::router_refused, ec, std::move(detail), now);
}

void core::finish_precheck(std::size_t index, const result<mapping_entry>& r, clock::time_point now) {
  auto& s = slots_[index];
  s.phase = mapping_phase::waiting;
  s.due = now;
  if (!r) {
    if (!is_router_error(r.error())) {
      lose_gateway(r.error(), now);
      return;
    }
    s.prechecked = true;  // 714: free (other faults: the add will tell)
    return;
  }
  // Ours already (an earlier run, or the same service): adding refreshes it. Else it belongs to
  // another mapping: a conflict, as the router would report for another host.
  const bool same_service =
      r->internal_port == s.want.internal_port &&
      (!s.want.internal_client || r->internal_client == *s.want.internal_client);
  if (same_service || r->description == description_for(s)) {
    s.prechecked = true;
    return;
  }
  const auto port = s.candidates[s.candidate];
  if (s.want.policy != port_policy::exact && advance_candidate(index)) return;
  const std::string owner = r->internal_client.to_string() + ":" + std::to_string(r->internal_port) +
                            (r->description.empty() ? "" : " '" + r->description + "'");
  if (s.want.policy == port_policy::exact)
    fail_slot(index, down_reason::conflict, {}, "external port " + std::to_string(port) + " is taken by " + owner, now);
  else
    fail_slot(index, down_reason::no_free_port, {},
              "all " + std::to_string(s.candidates.size()) + " candidate ports from " +
                  std::to_string(s.candidates.front()) + " are taken (the last by " + owner + ")",
              now);
  s.candidate = 0;
}

void core::finish_verify(std::size_t index, const result<mapping_entry>& r, clock::time_point now) {
  auto& s = slots_[index];
  if (!r && !is_router_error(r.error())) {
    lose_gateway(r.error(), now);
    return;
  }
  const bool ours = r && s.granted && r->internal_port == s.granted->internal_port &&
                    boost::asio::ip::address(r->internal_client) == s.granted->internal_client;
  const auto spot_check_due = s.spot_check_due;
  s.spot_check_due.reset();
  if (!ours) {
    const bool was_up = s.announced_port.has_value();
    emit(mapping_down{s.id, down_reason::lost, r ? std::error_code{} : r.error(),
                      r ? "the router's entry now points to " + r->internal_client.to_string() + ":" +
                              std::to_string(r->internal_port)
                        : "the router no longer has the mapping (" + error_text(r.error()) + "); restoring"});
    s.restoring = was_up || s.restoring;
    s.announced_port.reset();
    if (r) {
      // Someone else holds the port now: look for another (or fail under exact).
      s.granted.reset();
      emit(ports_changed{});
      if (s.want.policy == port_policy::exact || !advance_candidate(index)) {
        fail_slot(index, down_reason::conflict, {}, "external port taken by " + r->internal_client.to_string(), now);
        return;
      }
    }
    s.phase = mapping_phase::waiting;
    s.due = now;
    // One entry gone usually means the table was lost (a reboot, a flush): restore them all.
    if (!r && r.error() == soap::upnp_errc::no_such_entry_in_array) restore_all(now);
    return;
  }
  s.phase = mapping_phase::up;
  if (spot_check_due && s.announced_port == s.granted->external_port) {
    s.due = *spot_check_due;
    return;
  }
  const auto lease = s.granted->lease;
  s.due = now + (lease.count() == 0 ? std::chrono::duration_cast<std::chrono::seconds>(options_.check_interval)
                                    : std::max(options_.min_renewal, lease / 2));
  if (s.announced_port == s.granted->external_port) return;  // a routine renewal
  const std::uint16_t before = s.announced_port.value_or(s.want.preferred_external_port());
  if (before != s.granted->external_port) emit(external_port_changed{s.id, before, s.granted->external_port});
  mapping_up up;
  up.id = s.id;
  up.proto = s.want.proto;
  up.external_ip = external_ip_;
  up.external_port = s.granted->external_port;
  up.internal_client = s.granted->internal_client.is_v4() ? s.granted->internal_client.to_v4()
                                                          : boost::asio::ip::address_v4();
  up.internal_port = s.granted->internal_port;
  up.lease = s.granted->lease;
  for (auto w : s.granted->applied) up.workarounds.emplace_back(igd::to_string(w));
  if (s.zero_lease && up.workarounds.empty()) up.workarounds.emplace_back("permanent_lease");
  up.restored = s.restoring;
  s.restoring = false;
  s.announced_port = s.granted->external_port;
  remember(s);
  emit(std::move(up));
  emit(ports_changed{});
}

void core::finish_remove(std::size_t index, const result<void>& r, clock::time_point now) {
  auto& s = slots_[index];
  if (!r && !is_router_error(r.error()) && !stopping_) {
    lose_gateway(r.error(), now);
    return;
  }
  // Removed, or the router had already lost it (714): either way it is not ours any more.
  // During stop a transport failure leaves it for the state file to clean up next run.
  if (r || is_router_error(r.error())) {
    s.granted.reset();
    if (stopping_) ++stop_removed_;
  } else {
    s.granted.reset();  // unreachable router at stop: counted as left
    emit(mapping_down{s.id, down_reason::gateway_lost, r.error(), "not removed: " + error_text(r.error())});
    slots_.erase(slots_.begin() + static_cast<std::ptrdiff_t>(index));
    return;
  }
  // At stop the port stays remembered, so the next run asks for it again; a removed set is forgotten.
  if (!stopping_) forget(s.id, s.want.proto);
  emit(mapping_down{s.id, down_reason::removed, {}, "removed"});
  slots_.erase(slots_.begin() + static_cast<std::ptrdiff_t>(index));
  emit(ports_changed{});
}

void core::finish_stale(const outcome& answer) {
  auto& e = stale_[flight_->index];
  if (flight_->kind == flight_kind::stale_read) {
    e.checked = true;
    const auto* r = std::get_if<result<mapping_entry>>(&answer);
    // Ours only if it still leads to the same host and port and carries our tag.
    e.is_ours = r && *r && (*r)->internal_client == e.port.internal_client &&
                (*r)->internal_port == e.port.internal_port && (*r)->description.starts_with(options_.tag + ":");
    if (!e.is_ours) forget(e.port.id, e.port.proto);  // gone, or someone else's now
    return;
  }
  e.is_ours = false;  // removed (or failed to): do not try again
  forget(e.port.id, e.port.proto);
  emit(ports_changed{});
}

void core::remember(const slot& s) {
  remembered_port r{s.id, s.want.proto, s.granted->external_port,
                    s.granted->internal_client.is_v4() ? s.granted->internal_client.to_v4() : boost::asio::ip::address_v4(),
                    s.granted->internal_port, s.granted->lease.count() == 0};
  forget(s.id, s.want.proto);
  remembered_.push_back(std::move(r));
}

void core::forget(const mapping_id& id, protocol proto) {
  std::erase_if(remembered_, [&](const remembered_port& r) { return r.id == id && r.proto == proto; });
}

// ---- helpers -----------------------------------------------------------------------------------

void core::lose_gateway(std::error_code ec, clock::time_point now) {
  gateway_.reset();
  find_due_ = now;  // rediscover at once; failures of that back off
  if (!gateway_lost_reported_) {
    gateway_lost_reported_ = true;
    emit(gateway_lost{ec, "the gateway stopped answering: " + error_text(ec)});
  }
  for (auto& s : slots_) {
    if (s.announced_port) {
      emit(mapping_down{s.id, down_reason::gateway_lost, ec, "the gateway stopped answering"});
      s.restoring = true;
      s.announced_port.reset();
    }
    if (s.phase != mapping_phase::failed) s.phase = mapping_phase::waiting;
  }
}

void core::restore_all(clock::time_point now) {
  for (auto& s : slots_) {
    if (s.removing) continue;
    if (s.announced_port) {
      s.restoring = true;
      s.announced_port.reset();  // re-announced (restored) once the router confirms it again
    }
    s.phase = mapping_phase::waiting;
    s.due = now;
    s.failures = 0;
    s.spot_check_due.reset();
  }
}

void core::fail_slot(std::size_t index, down_reason why, std::error_code ec, std::string detail,
                     clock::time_point now) {
  auto& s = slots_[index];
  s.phase = mapping_phase::failed;
  s.prechecked = false;
  s.failures += 1;
  s.due = now + backoff(s.failures);
  s.announced_port.reset();
  // Retries that fail the same way stay quiet: one event per change of state.
  if (s.failures > 1 && s.last_error == detail) return;
  s.last_error = detail;
  emit(mapping_down{s.id, why, ec, std::move(detail)});
}

bool core::advance_candidate(std::size_t index) {
  auto& s = slots_[index];
  s.prechecked = false;
  while (s.candidate + 1 < s.candidates.size()) {
    ++s.candidate;
    if (!claimed_by_other(index, s.candidates[s.candidate])) return true;
  }
  return false;
}

bool core::claimed_by_other(std::size_t index, std::uint16_t port) const {
  const auto& me = slots_[index];
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (i == index || slots_[i].want.proto != me.want.proto) continue;
    const auto& o = slots_[i];
    const auto held = o.granted ? std::optional<std::uint16_t>(o.granted->external_port)
                                : (o.phase == mapping_phase::adding ? std::optional<std::uint16_t>(o.candidates[o.candidate])
                                                                    : std::nullopt);
    if (held == port) return true;
    // A slot earlier in the list that has not been added yet keeps its first choice.
    if (!held && i < index && o.candidates[o.candidate] == port) return true;
  }
  return false;
}

std::optional<std::uint16_t> core::remembered_for(const mapping_id& id, const desired_mapping& want) const {
  for (const auto& r : remembered_)
    if (r.id == id && r.proto == want.proto && r.internal_port == want.internal_port) return r.external_port;
  return std::nullopt;
}

clock::duration core::backoff(unsigned failures) const {
  auto d = options_.retry_initial;
  for (unsigned i = 1; i < failures && d < options_.retry_max; ++i) d *= 2;
  return std::min(d, options_.retry_max);
}

std::string core::description_for(const slot& s) const {
  return options_.tag + ": " + (s.want.description.empty() ? s.id.set + "/" + s.id.label : s.want.description);
}

std::vector<remembered_port> core::chosen_ports() const { return remembered_; }

std::vector<mapping_status> core::status() const {
  std::vector<mapping_status> out;
  for (const auto& s : slots_) {
    mapping_status m{s.id, s.want.proto, s.phase, std::nullopt, s.want.internal_port, s.last_error};
    if (s.granted) {
      m.external_port = s.granted->external_port;
      m.internal_port = s.granted->internal_port;
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace igdkit::igd::keeper
