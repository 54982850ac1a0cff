#pragma once
// igd::port_mapper — the mapping keeper for applications: holds named sets of desired mappings
// and keeps the router's table equal to them until stop(). A thin Asio runner around the
// sans-I/O keeper::core (keeper/core.hpp): it executes the core's operations through the UPnP
// backend (an igd::client), sleeps on one timer until the core's next deadline, delivers the
// core's events to the handler, and writes the state file when the chosen ports change.
// Where the router events (GENA), it also subscribes to the WAN connection service
// (event_watch.hpp): an ExternalIPAddress change or a drop in PortMappingNumberOfEntries checks
// the gateway at once instead of at the next check_interval, and ConnectionStatus reports
// mappings down while the WAN is down. Without eventing it polls, as before.
//
//   igd::port_mapper mapper(io.get_executor(), {.gateway = {.location = url}}, on_event);
//   mapper.put_set({"camera-1", {{.label = "rtsp", .internal_port = 554}}});
//   mapper.async_run(asio::detached);   // ... later: mapper.stop();
//
// Single-threaded: call every member on the executor's thread.
#include "igdkit/async.hpp"
#include "igdkit/igd/client.hpp"
#include "igdkit/igd/event_watch.hpp"
#include "igdkit/igd/keeper/core.hpp"
#include "igdkit/igd/keeper/state_store.hpp"
#include "igdkit/igd/keeper/upnp_backend.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace igdkit::igd {

struct port_mapper_options {
  keeper::gateway_source gateway;
  keeper::keeper_options keeper;
  // Chosen ports persist here (state_store.hpp): a restart gets the same external ports back.
  std::optional<std::filesystem::path> state_file;
  soap::http_options http{std::chrono::milliseconds(2000)};
  // GENA subscriptions go over HTTP: leave it off with an in-memory transport.
  bool use_events = true;
  event_watch_options events;
};

class port_mapper {
 public:
  using event_handler = std::function<void(const keeper::event&)>;

  port_mapper(boost::asio::any_io_executor ex, port_mapper_options options, event_handler on_event);
  // Same, over another transport (transport.hpp), e.g. an in-memory router.
  port_mapper(boost::asio::any_io_executor ex, port_mapper_options options, event_handler on_event, transport wire);

  // Reads the state file (call before async_run). A missing file is a fresh start; a corrupt one
  // is errc::state_file_corrupt with *why naming the field, and the mapper starts fresh.
  std::error_code load_state(std::string* why = nullptr);

  void put_set(keeper::mapping_set set);
  void remove_set(std::string_view name);
  void refresh();  // re-read the external address and uptime now (e.g. on a network change)
  void stop();     // remove every mapping (bounded by keeper_options::stop_bound), then finish

  // Runs until stop() has finished. Completion: void(boost::system::error_code).
  template <class CompletionToken>
  auto async_run(CompletionToken&& token) {
    return igdkit::async_run<void>(executor_, [this] { return run(); }, std::forward<CompletionToken>(token));
  }

  const keeper::core& core() const noexcept { return core_; }
  // The subscription to the WAN connection service, while there is one.
  const igd::event_watch* events() const noexcept { return watch_.get(); }
  igd::client& client() noexcept { return client_; }
  // The last error writing the state file (reported once per failure as well).
  std::error_code state_error() const noexcept { return state_error_; }

 private:
  boost::asio::awaitable<result<void>> run();
  void save();
  void wake() { timer_.cancel(); }
  void start_watch();
  void on_watch_report(const eventing::report& r);

  boost::asio::any_io_executor executor_;
  port_mapper_options options_;
  event_handler on_event_;
  igd::client client_;
  keeper::upnp_backend backend_;
  keeper::core core_;
  boost::asio::steady_timer timer_;
  std::error_code state_error_;
  std::unique_ptr<event_watch> watch_;
  std::vector<std::unique_ptr<event_watch>> retired_;  // unsubscribing from a replaced gateway
  std::size_t watches_running_ = 0;
  std::optional<std::uint32_t> evented_entries_;
};

}  // namespace igdkit::igd
