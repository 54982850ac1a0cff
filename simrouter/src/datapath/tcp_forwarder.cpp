#include "igdkit/sim/datapath/tcp_forwarder.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <unordered_set>

namespace igdkit::sim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

enum class direction { inbound, outbound };

// Closing with SO_LINGER 0 sends RST: the peer learns the connection failed instead of seeing
// a clean EOF that would look like a complete transfer.
void reset_and_close(tcp::socket& socket) {
  if (!socket.is_open()) return;
  boost::system::error_code ignored;
  socket.set_option(tcp::socket::linger(true, 0), ignored);
  socket.close(ignored);
}

std::error_code validate(const tcp_forwarder_options& o) {
  if (o.target.port() == 0 || o.target.address().is_unspecified() || o.buffer_size == 0 ||
      o.connect_timeout <= std::chrono::milliseconds::zero()) {
    return std::make_error_code(std::errc::invalid_argument);
  }
  return {};
}

}  // namespace

// One accepted connection. Owned by the coroutines working on it; the forwarder only keeps a
// raw pointer (to abort it on stop), which the destructor withdraws.
struct tcp_forwarder::session {
  session(std::shared_ptr<impl> o, tcp::socket accepted);
  ~session();
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  void abort() {
    connecting = false;
    reset_and_close(outside);
    reset_and_close(inside);
    connect_timer.cancel();
  }

  std::shared_ptr<impl> owner;
  tcp::socket outside;
  tcp::socket inside;
  asio::steady_timer connect_timer;
  bool connecting = false;
  bool connect_timed_out = false;
  std::unique_ptr<char[]> inbound_buffer;
  std::unique_ptr<char[]> outbound_buffer;
};

struct tcp_forwarder::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor e, tcp_forwarder_options opts) : ex(std::move(e)), o(std::move(opts)), acceptor(ex) {}

  asio::any_io_executor ex;
  tcp_forwarder_options o;
  tcp::acceptor acceptor;
  std::unordered_set<session*> live;
  forward_stats stats;
  bool stopped = false;

  std::error_code start() {
    if (stopped) return std::make_error_code(std::errc::operation_not_permitted);
    if (acceptor.is_open()) return boost::system::error_code(asio::error::already_open);
    if (auto ec = validate(o)) return ec;
    boost::system::error_code ec;
    acceptor.open(o.listen.protocol(), ec);
    // The lab rebuilds endpoints on the same port (reboot); TIME_WAIT must not block that.
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(o.listen, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      boost::system::error_code ignored;
      acceptor.close(ignored);
      return ec;
    }
    asio::co_spawn(ex, accept_loop(shared_from_this()), asio::detached);
    return {};
  }

  void stop() {
    stopped = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    // abort() only closes sockets; completions are posted, so `live` is stable here.
    for (session* s : live) s->abort();
  }

  void notify(const tcp::endpoint& peer, std::error_code result) {
    if (stopped || !o.on_session) return;
    try {
      o.on_session(peer, result);
    } catch (...) {
      // An observer bug must not take the data path down; there is nobody to report it to.
    }
  }

  // Static and taking `self` by value: the frame owns the state from the moment it is created,
  // before co_spawn first runs it (the forwarder may be destroyed by then).
  static asio::awaitable<void> accept_loop(std::shared_ptr<impl> self) {
    asio::steady_timer backoff(self->ex);
    while (!self->stopped) {
      auto [ec, socket] = co_await self->acceptor.async_accept(tuple_awaitable);
      if (self->stopped || ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // EMFILE and friends: pause instead of spinning on a failing accept.
        backoff.expires_after(std::chrono::milliseconds(50));
        co_await backoff.async_wait(tuple_awaitable);
        continue;
      }
      if (self->live.size() >= self->o.max_sessions) {
        ++self->stats.refused_sessions;
        reset_and_close(socket);
        continue;
      }
      auto s = std::make_shared<session>(self, std::move(socket));
      ++self->stats.sessions_total;
      // run_session and pump are members: the session they take owns `self`.
      asio::co_spawn(self->ex, self->run_session(std::move(s)), asio::detached);
    }
  }

  asio::awaitable<std::error_code> connect_target(std::shared_ptr<session> s) {
    // The timer closes the half-open socket, which completes the connect with an error; the
    // flags live in the session because the timer handler may run after this frame is gone.
    s->connecting = true;
    s->connect_timer.expires_after(o.connect_timeout);
    s->connect_timer.async_wait([s](boost::system::error_code ec) {
      if (ec || !s->connecting) return;
      s->connect_timed_out = true;
      boost::system::error_code ignored;
      s->inside.close(ignored);
    });
    auto [ec] = co_await s->inside.async_connect(o.target, tuple_awaitable);
    s->connecting = false;
    s->connect_timer.cancel();
    if (s->connect_timed_out) co_return std::make_error_code(std::errc::timed_out);
    co_return std::error_code(ec);
  }

  asio::awaitable<void> run_session(std::shared_ptr<session> s) {
    if (stopped) co_return;
    boost::system::error_code ec;
    const tcp::endpoint peer = s->outside.remote_endpoint(ec);
    const std::error_code result = co_await connect_target(s);
    if (stopped) co_return;
    if (result) {
      ++stats.connect_failures;
      reset_and_close(s->outside);
      notify(peer, result);
      co_return;
    }
    // Small request/response exchanges must not wait on Nagle + delayed ACK at each hop.
    s->outside.set_option(tcp::no_delay(true), ec);
    s->inside.set_option(tcp::no_delay(true), ec);
    notify(peer, {});
    // The observer may have stopped the forwarder (or destroyed it: stop() runs first).
    if (stopped || !s->outside.is_open()) co_return;
    const std::size_t size = o.buffer_size;
    s->inbound_buffer = std::make_unique_for_overwrite<char[]>(size);
    s->outbound_buffer = std::make_unique_for_overwrite<char[]>(size);
    asio::co_spawn(ex, pump(s, direction::inbound), asio::detached);
    asio::co_spawn(ex, pump(std::move(s), direction::outbound), asio::detached);
  }

  // Relays one direction until EOF (passed on as shutdown(send), the other direction keeps
  // going) or an error (both sockets are reset, which ends the other direction too).
  asio::awaitable<void> pump(std::shared_ptr<session> s, direction d) {
    const bool in = d == direction::inbound;
    tcp::socket& from = in ? s->outside : s->inside;
    tcp::socket& to = in ? s->inside : s->outside;
    char* const buffer = in ? s->inbound_buffer.get() : s->outbound_buffer.get();
    std::uint64_t& counter = in ? stats.bytes_inbound : stats.bytes_outbound;
    const std::size_t size = o.buffer_size;
    for (;;) {
      auto [read_ec, n] = co_await from.async_read_some(asio::buffer(buffer, size), tuple_awaitable);
      if (n > 0) {
        auto [write_ec, written] = co_await asio::async_write(to, asio::buffer(buffer, n), tuple_awaitable);
        counter += written;
        if (write_ec) {
          s->abort();
          co_return;
        }
      }
      if (read_ec == asio::error::eof) {
        boost::system::error_code ignored;
        to.shutdown(tcp::socket::shutdown_send, ignored);
        co_return;
      }
      if (read_ec) {
        s->abort();
        co_return;
      }
    }
  }
};

tcp_forwarder::session::session(std::shared_ptr<impl> o, tcp::socket accepted)
    : owner(std::move(o)), outside(std::move(accepted)), inside(owner->ex), connect_timer(owner->ex) {
  owner->live.insert(this);
  owner->stats.sessions_active = owner->live.size();
}

tcp_forwarder::session::~session() {
  owner->live.erase(this);
  owner->stats.sessions_active = owner->live.size();
}

tcp_forwarder::tcp_forwarder(asio::any_io_executor ex, tcp_forwarder_options options)
    : impl_(std::make_shared<impl>(std::move(ex), std::move(options))) {}

tcp_forwarder::~tcp_forwarder() { impl_->stop(); }

std::error_code tcp_forwarder::start() { return impl_->start(); }

tcp::endpoint tcp_forwarder::local_endpoint() const {
  boost::system::error_code ec;
  return impl_->acceptor.local_endpoint(ec);
}

const tcp::endpoint& tcp_forwarder::target() const noexcept { return impl_->o.target; }

void tcp_forwarder::stop() { impl_->stop(); }

const forward_stats& tcp_forwarder::stats() const noexcept { return impl_->stats; }

}  // namespace igdkit::sim
