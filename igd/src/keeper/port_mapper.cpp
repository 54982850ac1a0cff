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

asio::awaitable<result<void>> port_mapper::run() {
  constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
  for (;;) {
    auto step = core_.next(keeper::clock::now());
    if (auto* e = std::get_if<keeper::event>(&step)) {
      if (std::holds_alternative<keeper::ports_changed>(*e)) save();
      if (on_event_) on_event_(*e);
    } else if (auto* send = std::get_if<keeper::core::send>(&step)) {
      auto answer = co_await backend_.execute(std::move(send->op));
      core_.on_outcome(std::move(answer), keeper::clock::now());
    } else if (auto* wait = std::get_if<keeper::core::wait_until>(&step)) {
      timer_.expires_at(wait->at);
      co_await timer_.async_wait(use_tuple);  // cancelled by wake(): an input arrived
    } else if (std::holds_alternative<keeper::core::done>(step)) {
      save();
      co_return result<void>{};
    }
    // await_outcome cannot happen here: the runner answers every send before asking again.
  }
}

}  // namespace igdkit::igd
