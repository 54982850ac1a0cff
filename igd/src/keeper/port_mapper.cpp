#include "igdkit/igd/port_mapper.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace igdkit::igd {
namespace asio = boost::asio;

port_mapper::port_mapper(asio::any_io_executor ex, port_mapper_options options, event_handler on_event)
    : port_mapper(ex, std::move(options), std::move(on_event), http_transport()) {}

port_mapper::port_mapper(asio::any_io_executor ex, port_mapper_options options, event_handler on_event,
                         transport wire)
    : executor_(ex),
      options_(std::move(options)),
      on_event_(std::move(on_event)),
      client_(ex, options_.http, std::move(wire)),
      backend_(client_, options_.gateway),
      core_(options_.keeper),
      timer_(ex) {}

std::error_code port_mapper::load_state(std::string* why) {
  if (!options_.state_file) return {};
  auto loaded = keeper::load_state(*options_.state_file, why);
  if (!loaded) return loaded.error();
  core_ = keeper::core(options_.keeper, std::move(loaded->ports));
  return {};
}

void port_mapper::put_set(keeper::mapping_set set) {
  core_.put_set(std::move(set), keeper::clock::now());
  wake();
}

void port_mapper::remove_set(std::string_view name) {
  core_.remove_set(name, keeper::clock::now());
  wake();
}

void port_mapper::refresh() {
  core_.refresh(keeper::clock::now());
  wake();
}

void port_mapper::stop() {
  core_.stop(keeper::clock::now());
  wake();
}

void port_mapper::save() {
  if (!options_.state_file) return;
  keeper::saved_state state{core_.gateway() ? core_.gateway()->udn : std::string(), core_.chosen_ports()};
  state_error_ = keeper::save_state(*options_.state_file, state);
}

void port_mapper::start_watch() {
  if (!options_.use_events || !client_.current()) return;
  auto services = event_watch::connection_service_of(*client_.current());
  if (services.empty()) return;  // no eventSubURL: polling only
  if (watch_) {
    watch_->stop();
    retired_.push_back(std::move(watch_));
  }
  evented_entries_.reset();
  watch_ = std::make_unique<event_watch>(executor_, client_, std::move(services), options_.events,
                                         [this](const eventing::report& r) { on_watch_report(r); });
  ++watches_running_;
  watch_->async_run([this](boost::system::error_code) {
    --watches_running_;
    wake();
  });
}

void port_mapper::on_watch_report(const eventing::report& r) {
  const auto* change = std::get_if<eventing::state_changed>(&r);
  if (!change) return;
  const auto& v = change->variables;
  const auto now = keeper::clock::now();
  bool check = false;
  if (v.connection_status) core_.observe_connection(v.connected(), now);
  // Against what the keeper last read, so an initial event that already shows a new address counts.
  if ((v.external_ip || v.external_ip_unknown) && core_.gateway()) check = v.external_ip != core_.external_ip();
  if (v.port_mapping_entries) {
    check = check || (evented_entries_ && *v.port_mapping_entries < *evented_entries_);  // entries lost
    evented_entries_ = v.port_mapping_entries;
  }
  if (check) core_.refresh(now);
  wake();
}

asio::awaitable<result<void>> port_mapper::run() {
  constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
  for (;;) {
    auto step = core_.next(keeper::clock::now());
    if (auto* e = std::get_if<keeper::event>(&step)) {
      if (std::holds_alternative<keeper::ports_changed>(*e)) save();
      if (std::holds_alternative<keeper::gateway_found>(*e)) start_watch();
      if (std::holds_alternative<keeper::gateway_rebooted>(*e) && watch_) watch_->observe_reboot();
      if (on_event_) on_event_(*e);
    } else if (auto* send = std::get_if<keeper::core::send>(&step)) {
      auto answer = co_await backend_.execute(std::move(send->op));
      core_.on_outcome(std::move(answer), keeper::clock::now());
    } else if (auto* wait = std::get_if<keeper::core::wait_until>(&step)) {
      timer_.expires_at(wait->at);
      co_await timer_.async_wait(use_tuple);  // cancelled by wake(): an input arrived
    } else if (std::holds_alternative<keeper::core::done>(step)) {
      save();
      // Unsubscribe before finishing: the watches use this object (bounded by their deadline).
      if (watch_) watch_->stop();
      while (watches_running_ > 0) {
        timer_.expires_at(keeper::clock::time_point::max());
        co_await timer_.async_wait(use_tuple);
      }
      co_return result<void>{};
    }
    // await_outcome cannot happen here: the runner answers every send before asking again.
  }
}

}  // namespace igdkit::igd
