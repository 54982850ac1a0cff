#pragma once
// igd::event_watch — GENA subscriptions to a gateway's services for applications: a thin Asio
// runner around the sans-I/O eventing::subscriber. It owns the NOTIFY listener (bound to this
// host's address towards the device), sends SUBSCRIBE/renewal/UNSUBSCRIBE, and re-reads the
// WAN connection's state by action when an event was missed, reporting it as a state_changed
// with from_actions set.
//
//   igd::event_watch watch(ex, client, igd::event_watch::services_of(*client.current()), {}, on_report);
//   watch.async_run(asio::detached);   // ... later: watch.stop();
//
// Single-threaded: call every member on the executor's thread. The client must outlive it.
#include "igdkit/async.hpp"
#include "igdkit/igd/client.hpp"
#include "igdkit/igd/eventing/notify_listener.hpp"
#include "igdkit/igd/eventing/subscriber.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <optional>
#include <vector>

namespace igdkit::igd {

struct event_watch_options {
  eventing::subscriber_options subscriber;
  eventing::listener_options listener;  // `local` and `publisher` are filled in from the device
  soap::http_options http{std::chrono::milliseconds(3000)};
};

class event_watch {
 public:
  using report_handler = std::function<void(const eventing::report&)>;

  event_watch(boost::asio::any_io_executor ex, igd::client& client, std::vector<eventing::service_ref> services,
              event_watch_options options, report_handler on_report);

  // Every service of the device tree that has an eventSubURL, in document order.
  static std::vector<eventing::service_ref> services_of(const gateway& g);
  // Only the chosen WAN connection service (what the keeper watches).
  static std::vector<eventing::service_ref> connection_service_of(const gateway& g);

  // Runs until stop() has unsubscribed everything. Fails at once if the listener cannot bind.
  // Completion: void(boost::system::error_code).
  template <class CompletionToken>
  auto async_run(CompletionToken&& token) {
    return igdkit::async_run<void>(executor_, [this] { return run(); }, std::forward<CompletionToken>(token));
  }

  void observe_reboot();  // the device rebooted (BOOTID, uptime): subscribe again now
  void stop();
  const eventing::subscriber& core() const noexcept { return core_; }
  const eventing::listener_stats& listener_stats() const noexcept { return listener_->stats(); }
  std::optional<boost::urls::url> callback_url() const;

 private:
  boost::asio::awaitable<result<void>> run();
  boost::asio::awaitable<void> exchange(eventing::step request);
  boost::asio::awaitable<result<gena::grant>> ask(const boost::urls::url& event_url, http_request request);
  boost::asio::awaitable<void> reread(std::size_t service);
  void wake() { timer_.cancel(); }

  boost::asio::any_io_executor executor_;
  igd::client& client_;
  event_watch_options options_;
  report_handler on_report_;
  eventing::subscriber core_;
  std::optional<eventing::notify_listener> listener_;
  boost::asio::steady_timer timer_;
};

}  // namespace igdkit::igd
