#include "igdkit/gena/event_sender.hpp"

#include "igdkit/soap/http_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace igdkit::gena {

namespace asio = boost::asio;

struct event_sender::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor e, publisher& p, sender_options o)
      : ex(std::move(e)), events(p), options(std::move(o)), timer(ex) {}

  asio::any_io_executor ex;
  publisher& events;
  sender_options options;
  asio::steady_timer timer;
  bool stopped = false;

  asio::awaitable<void> loop() {
    auto self = shared_from_this();
    while (!stopped) {
      auto s = events.next(options.now());
      if (auto* d = std::get_if<delivery>(&s)) {
        asio::co_spawn(ex, deliver(std::move(*d)), asio::detached);
        continue;
      }
      if (const auto* w = std::get_if<wait_until>(&s))
        timer.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(w->at - options.now()));
      else
        timer.expires_at(std::chrono::steady_clock::time_point::max());
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }

  asio::awaitable<void> deliver(delivery d) {
    auto self = shared_from_this();
    soap::http_options http{options.deadline};
    http.user_agent = options.user_agent;
    bool ok = false;
    for (const auto& url : d.callbacks) {
      http.local_address = url.host_type() == boost::urls::host_type::ipv6 ? options.local_v6 : options.local_v4;
      auto reply = co_await soap::detail::http_send(
          url, make_notify_request(url, d.sid, d.seq, d.body, d.content_type), http);
      if (stopped) co_return;
      if (reply && reply->status >= 200 && reply->status < 300) {
        ok = true;
        break;
      }
    }
    events.delivered(d.sid, ok);
    timer.cancel();
  }
};

event_sender::event_sender(asio::any_io_executor ex, publisher& events, sender_options options)
    : impl_(std::make_shared<impl>(std::move(ex), events, std::move(options))) {}

event_sender::~event_sender() { stop(); }

void event_sender::start() { asio::co_spawn(impl_->ex, impl_->loop(), asio::detached); }

void event_sender::wake() { impl_->timer.cancel(); }

void event_sender::stop() {
  impl_->stopped = true;
  impl_->timer.cancel();
}

}  // namespace igdkit::gena
