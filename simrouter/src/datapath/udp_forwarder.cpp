#include "igdkit/sim/datapath/udp_forwarder.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <map>

namespace igdkit::sim {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t datagram_buffer_size = std::size_t{64} * 1024;  // any UDP payload fits

// ICMP errors reported on a connected UDP socket: the target port was closed for a moment.
// The next datagram may well get through, so they never end a session.
bool is_icmp_error(const boost::system::error_code& ec) {
  return ec == asio::error::connection_refused || ec == asio::error::host_unreachable ||
         ec == asio::error::network_unreachable || ec == asio::error::connection_reset;
}

std::error_code validate(const udp_forwarder_options& o) {
  if (o.target.port() == 0 || o.target.address().is_unspecified() ||
      o.idle_timeout <= std::chrono::milliseconds::zero()) {
    return std::make_error_code(std::errc::invalid_argument);
  }
  return {};
}

}  // namespace

// One outside source. Owned by the session table; its coroutines hold it too so that closing
// it (idle, stop) never pulls it from under a pending operation.
struct udp_forwarder::session {
  session(const asio::any_io_executor& ex, const udp::endpoint& from)
      : outside(from), socket(ex), idle_timer(ex), last_activity(clock_type::now()) {}

  udp::endpoint outside;
  udp::socket socket;  // connected to the target
  asio::steady_timer idle_timer;
  clock_type::time_point last_activity;
  std::unique_ptr<char[]> buffer;  // replies from the target
  bool closed = false;
};

struct udp_forwarder::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor e, udp_forwarder_options opts) : ex(std::move(e)), o(std::move(opts)), listener(ex) {}

  asio::any_io_executor ex;
  udp_forwarder_options o;
  udp::socket listener;
  std::map<udp::endpoint, std::shared_ptr<session>> sessions;
  forward_stats stats;
  bool stopped = false;
  std::unique_ptr<char[]> buffer;  // datagrams from outside

  std::error_code start() {
    if (stopped) return std::make_error_code(std::errc::operation_not_permitted);
    if (listener.is_open()) return boost::system::error_code(asio::error::already_open);
    if (auto ec = validate(o)) return ec;
    boost::system::error_code ec;
    listener.open(o.listen.protocol(), ec);
    if (!ec) listener.bind(o.listen, ec);
    if (ec) {
      boost::system::error_code ignored;
      listener.close(ignored);
      return ec;
    }
    buffer = std::make_unique_for_overwrite<char[]>(datagram_buffer_size);
    asio::co_spawn(ex, receive_loop(shared_from_this()), asio::detached);
    return {};
  }

  void close_session(session& s) {
    if (s.closed) return;
    s.closed = true;
    boost::system::error_code ignored;
    s.socket.close(ignored);
    s.idle_timer.cancel();
    sessions.erase(s.outside);  // may destroy s (callers hold their own reference)
    stats.sessions_active = sessions.size();
  }

  void stop() {
    stopped = true;
    boost::system::error_code ignored;
    listener.close(ignored);
    // Closing only posts completions, so the table is stable while we walk it.
    for (auto& [from, s] : sessions) {
      s->closed = true;
      s->socket.close(ignored);
      s->idle_timer.cancel();
    }
    sessions.clear();
    stats.sessions_active = 0;
  }

  // The session for `from`, created on its first datagram; null when the datagram is dropped.
  std::shared_ptr<session> session_for(const udp::endpoint& from) {
    if (auto it = sessions.find(from); it != sessions.end()) return it->second;
    if (sessions.size() >= o.max_sessions) {
      ++stats.refused_sessions;
      ++stats.datagrams_dropped;
      return nullptr;
    }
    auto s = std::make_shared<session>(ex, from);
    boost::system::error_code ec;
    s->socket.open(o.target.protocol(), ec);
    if (!ec) s->socket.connect(o.target, ec);
    if (ec) {
      ++stats.connect_failures;
      ++stats.datagrams_dropped;
      return nullptr;
    }
    s->buffer = std::make_unique_for_overwrite<char[]>(datagram_buffer_size);
    sessions.emplace(from, s);
    ++stats.sessions_total;
    stats.sessions_active = sessions.size();
    asio::co_spawn(ex, reply_loop(shared_from_this(), s), asio::detached);
    asio::co_spawn(ex, idle_loop(shared_from_this(), s), asio::detached);
    return s;
  }

  // The coroutines are static and take `self` by value: the frame owns the state from the
  // moment it is created, before co_spawn first runs it (the forwarder may be gone by then).
  static asio::awaitable<void> receive_loop(std::shared_ptr<impl> self) {
    asio::steady_timer backoff(self->ex);
    udp::endpoint from;
    while (!self->stopped) {
      auto [ec, n] = co_await self->listener.async_receive_from(
          asio::buffer(self->buffer.get(), datagram_buffer_size), from, tuple_awaitable);
      if (self->stopped || ec == asio::error::operation_aborted) co_return;
      if (is_icmp_error(ec)) continue;
      if (ec) {
        // Out of memory and the like: pause instead of spinning on a failing receive.
        backoff.expires_after(std::chrono::milliseconds(10));
        co_await backoff.async_wait(tuple_awaitable);
        continue;
      }
      auto s = self->session_for(from);
      if (!s) continue;
      s->last_activity = clock_type::now();
      auto [send_ec, sent] = co_await s->socket.async_send(asio::buffer(self->buffer.get(), n), tuple_awaitable);
      if (self->stopped) co_return;
      if (is_icmp_error(send_ec) && !s->closed) {
        // A pending ICMP error from an earlier datagram fails this send without sending it.
        std::tie(send_ec, sent) =
            co_await s->socket.async_send(asio::buffer(self->buffer.get(), n), tuple_awaitable);
        if (self->stopped) co_return;
      }
      if (send_ec) {
        ++self->stats.datagrams_dropped;
        continue;
      }
      self->stats.bytes_inbound += sent;
      ++self->stats.datagrams_inbound;
    }
  }

  static asio::awaitable<void> reply_loop(std::shared_ptr<impl> self, std::shared_ptr<session> s) {
    while (!s->closed) {
      auto [ec, n] = co_await s->socket.async_receive(asio::buffer(s->buffer.get(), datagram_buffer_size),
                                                      tuple_awaitable);
      if (self->stopped || s->closed) co_return;
      if (is_icmp_error(ec)) continue;
      if (ec) {
        self->close_session(*s);
        co_return;
      }
      s->last_activity = clock_type::now();
      // Through the listener: the outside source must see the reply come from the public port.
      auto [send_ec, sent] =
          co_await self->listener.async_send_to(asio::buffer(s->buffer.get(), n), s->outside, tuple_awaitable);
      if (self->stopped) co_return;
      if (send_ec) {
        ++self->stats.datagrams_dropped;
        continue;
      }
      self->stats.bytes_outbound += sent;
      ++self->stats.datagrams_outbound;
    }
  }

  // One timer per session, re-armed only when it fires: traffic just moves last_activity, so
  // a busy session costs no timer operations per datagram.
  static asio::awaitable<void> idle_loop(std::shared_ptr<impl> self, std::shared_ptr<session> s) {
    while (!s->closed && !self->stopped) {
      const auto deadline = s->last_activity + self->o.idle_timeout;
      if (deadline <= clock_type::now()) {
        self->close_session(*s);
        co_return;
      }
      s->idle_timer.expires_at(deadline);
      auto [ec] = co_await s->idle_timer.async_wait(tuple_awaitable);
      if (ec) co_return;  // cancelled: the session was closed
    }
  }
};

udp_forwarder::udp_forwarder(asio::any_io_executor ex, udp_forwarder_options options)
    : impl_(std::make_shared<impl>(std::move(ex), std::move(options))) {}

udp_forwarder::~udp_forwarder() { impl_->stop(); }

std::error_code udp_forwarder::start() { return impl_->start(); }

udp::endpoint udp_forwarder::local_endpoint() const {
  boost::system::error_code ec;
  return impl_->listener.local_endpoint(ec);
}

const udp::endpoint& udp_forwarder::target() const noexcept { return impl_->o.target; }

void udp_forwarder::stop() { impl_->stop(); }

const forward_stats& udp_forwarder::stats() const noexcept { return impl_->stats; }

}  // namespace igdkit::sim
