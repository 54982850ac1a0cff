#include "igdkit/ssdp/responder.hpp"

#include "igdkit/ssdp/build.hpp"
#include "igdkit/ssdp/ipv6.hpp"
#include "igdkit/ssdp/parse.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/multicast.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <ctime>
#include <random>
#include <set>

namespace igdkit::ssdp {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;
using std::chrono::milliseconds;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

// UDA: a random 0-100 ms before the first set; repeat the set a few hundred ms later.
constexpr milliseconds initial_jitter{100};
constexpr milliseconds repeat_gap{250};

// DATE of a search answer (RFC 1123, recommended by UDA 2.0 §1.3.3): "Wed, 02 Dec 2026 14:10:00 GMT".
std::string rfc1123_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&t, &utc);
  std::array<char, 40> buf{};
  const auto n = std::strftime(buf.data(), buf.size(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(buf.data(), n);
}

}  // namespace

struct responder::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor e, responder_options opts)
      : ex(e),
        o(std::move(opts)),
        unicast(e),
        multicast(e),
        multicast_link_local(e),
        multicast_site_local(e),
        notify_timer(e),
        rng(std::random_device{}()),
        budget(o.budget) {
    if (o.allowed_sources.empty()) {
      auto base = o.listen.address();
      if (base.is_unspecified() && o.multicast_interface) base = *o.multicast_interface;
      o.allowed_sources = default_allowed_sources(base);
      if (o.multicast_interface_v6) o.allowed_sources.push_back(link_local_sources(*o.multicast_interface_v6));
    }
  }

  asio::any_io_executor ex;
  responder_options o;
  udp::socket unicast, multicast;                          // multicast: 239.255.255.250
  udp::socket multicast_link_local, multicast_site_local;  // ff02::c, ff05::c
  asio::steady_timer notify_timer;
  std::set<asio::steady_timer*> answer_timers;  // cancelled on stop
  std::mt19937 rng;
  answer_budget budget;
  responder_stats stats;
  bool stopping = false;

  milliseconds random_up_to(milliseconds max) {
    if (max.count() <= 0) return milliseconds{0};
    return milliseconds{std::uniform_int_distribution<milliseconds::rep>(0, max.count())(rng)};
  }

  void send(const std::string& datagram, const udp::endpoint& to) {
    boost::system::error_code ec;  // UDP is best effort; a failed send is a lost datagram
    unicast.send_to(asio::buffer(datagram), to, 0, ec);
    if (!ec) ++stats.datagrams_sent;
  }

  std::error_code open() {
    boost::system::error_code ec;
    unicast.open(o.listen.protocol(), ec);
    if (!ec) unicast.bind(o.listen, ec);
    if (!ec && o.multicast_interface) {
      unicast.set_option(asio::ip::multicast::outbound_interface(*o.multicast_interface), ec);
      if (!ec) unicast.set_option(asio::ip::multicast::hops(2), ec);
      const auto group = asio::ip::make_address(multicast_v4);
      if (!ec) multicast.open(udp::v4(), ec);
      if (!ec) multicast.set_option(udp::socket::reuse_address(true), ec);
      if (!ec) multicast.bind(udp::endpoint(group, multicast_port), ec);
      if (!ec) multicast.set_option(asio::ip::multicast::join_group(group.to_v4(), *o.multicast_interface), ec);
    }
    if (!ec && o.multicast_interface_v6) {
      const auto index = *o.multicast_interface_v6;
      unicast.set_option(asio::ip::multicast::outbound_interface(index), ec);
      if (!ec) unicast.set_option(asio::ip::multicast::hops(2), ec);
      auto link_local = asio::ip::make_address_v6(multicast_v6_link_local);
      link_local.scope_id(index);
      if (!ec) ec = join_v6(multicast_link_local, link_local, index);
      if (!ec) ec = join_v6(multicast_site_local, asio::ip::make_address_v6(multicast_v6_site_local), index);
    }
    return ec;
  }

  // Bound to the group address itself, like the IPv4 socket, so unicast to port 1900 is not
  // taken for multicast; binding ff02::c%N also ties the socket to interface N.
  static boost::system::error_code join_v6(udp::socket& socket, const asio::ip::address_v6& group, unsigned index) {
    boost::system::error_code ec;
    socket.open(udp::v6(), ec);
    if (!ec) socket.set_option(asio::ip::v6_only(true), ec);
    if (!ec) socket.set_option(udp::socket::reuse_address(true), ec);
    if (!ec) socket.bind(udp::endpoint(group, multicast_port), ec);
    if (!ec) socket.set_option(asio::ip::multicast::join_group(group, index), ec);
    return ec;
  }

  void handle(std::string_view datagram, const udp::endpoint& from, bool is_multicast) {
    if (!source_allowed(o.allowed_sources, from.address())) {
      ++stats.rejected_source;  // WAN or foreign subnet: never answer (digest §6.3)
      return;
    }
    if (o.observer) o.observer(datagram, from, is_multicast);
    auto parsed = parse_message(datagram);
    if (!parsed) {
      ++stats.unparseable;
      return;
    }
    const auto* request = std::get_if<search_request>(&*parsed);
    if (!request) return;  // other devices' NOTIFY on the group
    ++stats.requests;
    if (!is_multicast && !o.answer_unicast) {
      ++stats.ignored_unicast;
      return;
    }
    const auto max_delay = should_answer(*request, is_multicast);
    if (!max_delay) {
      ++stats.rejected_request;
      return;
    }
    const auto answers = answers_for(o.devices, request->st, o.matching);
    if (answers.empty()) return;
    const auto decision = o.hook ? o.hook(*request, from) : answer_decision{};
    if (decision.drop) {
      ++stats.dropped_by_hook;
      return;
    }
    if (answer_timers.size() >= o.max_pending_answers) return;
    if (!budget.try_spend(from.address(), std::chrono::steady_clock::now())) {
      ++stats.over_budget;
      return;
    }
    std::vector<std::string> datagrams;
    const auto date = rfc1123_now();
    for (const auto& a : answers) {
      search_response r{o.location, a.target, a.usn, o.server, o.max_age, true, date, o.boot_id, o.config_id,
                        o.search_port};
      if (auto wire = build(r)) datagrams.push_back(std::move(*wire));
    }
    ++stats.answered;
    const auto delay = random_up_to(*max_delay) + decision.extra_delay;
    asio::co_spawn(ex, answer(std::move(datagrams), from, delay, std::max(decision.copies, 1u)), asio::detached);
  }

  asio::awaitable<void> answer(std::vector<std::string> datagrams, udp::endpoint to, milliseconds delay,
                               unsigned copies) {
    auto self = shared_from_this();
    asio::steady_timer timer(ex, delay);
    answer_timers.insert(&timer);
    co_await timer.async_wait(tuple_awaitable);
    // cppcheck-suppress danglingLifetime ; erasing the pointer is what ends its use
    answer_timers.erase(&timer);
    budget.answer_done(to.address());
    if (stopping) co_return;
    for (unsigned c = 0; c < copies; ++c)
      for (const auto& d : datagrams) send(d, to);
  }

  asio::awaitable<void> serve(udp::socket& socket, bool is_multicast) {
    auto self = shared_from_this();
    std::array<char, max_datagram_size + 1> buf{};
    while (!stopping) {
      udp::endpoint from;
      const auto [ec, n] = co_await socket.async_receive_from(asio::buffer(buf), from, tuple_awaitable);
      if (stopping || ec == asio::error::operation_aborted || !socket.is_open()) co_return;
      if (!ec) handle(std::string_view(buf.data(), n), from, is_multicast);
    }
  }

  void send_notify_set(notify_kind kind) {
    if (!o.notify_to) return;
    for (const auto& a : all_announcements(o.devices)) {
      notify_message n;
      n.kind = kind;
      n.nt = a.target;
      n.usn = a.usn;
      if (kind != notify_kind::byebye) n.location = o.location;
      n.max_age = o.max_age;
      n.server = o.server;
      n.boot_id = o.boot_id;
      n.config_id = o.config_id;
      n.search_port = o.search_port;
      if (auto wire = build(n)) send(*wire, *o.notify_to);
    }
  }

  asio::awaitable<void> notify_loop() {
    auto self = shared_from_this();
    // Refresh well inside max-age/2 so caches never expire the device.
    const auto refresh_max = std::chrono::duration_cast<milliseconds>(o.max_age) / 2;
    auto wait = random_up_to(initial_jitter);
    for (int round = 0; !stopping; ++round) {
      notify_timer.expires_after(wait);
      const auto [ec] = co_await notify_timer.async_wait(tuple_awaitable);
      if (ec || stopping) co_return;
      send_notify_set(notify_kind::alive);
      wait = round == 0 ? repeat_gap : std::max(milliseconds{1000}, refresh_max / 2 + random_up_to(refresh_max / 2 - milliseconds{1}));
    }
  }

  void close() {
    stopping = true;
    boost::system::error_code ignored;
    unicast.close(ignored);
    multicast.close(ignored);
    multicast_link_local.close(ignored);
    multicast_site_local.close(ignored);
    notify_timer.cancel();
    for (auto* t : answer_timers) t->cancel();
  }
};

responder::responder(asio::any_io_executor ex, responder_options options)
    : impl_(std::make_shared<impl>(ex, std::move(options))), executor_(ex) {}

responder::~responder() { impl_->close(); }

std::error_code responder::start() {
  if (auto ec = impl_->open()) {
    impl_->close();
    return ec;
  }
  asio::co_spawn(executor_, impl_->serve(impl_->unicast, false), asio::detached);
  for (auto* group : {&impl_->multicast, &impl_->multicast_link_local, &impl_->multicast_site_local})
    if (group->is_open()) asio::co_spawn(executor_, impl_->serve(*group, true), asio::detached);
  if (impl_->o.notify_to) asio::co_spawn(executor_, impl_->notify_loop(), asio::detached);
  return {};
}

udp::endpoint responder::local_endpoint() const {
  boost::system::error_code ec;
  return impl_->unicast.local_endpoint(ec);
}

std::uint32_t responder::reboot() {
  impl_->send_notify_set(notify_kind::byebye);
  impl_->o.boot_id = impl_->o.boot_id >= max_boot_id ? 1 : impl_->o.boot_id + 1;
  impl_->send_notify_set(notify_kind::alive);
  return impl_->o.boot_id;
}

const responder_stats& responder::stats() const noexcept { return impl_->stats; }

asio::awaitable<result<bool>> responder::stop() {
  auto self = impl_;
  if (!self->stopping && self->unicast.is_open()) self->send_notify_set(notify_kind::byebye);
  self->close();
  co_return true;
}

}  // namespace igdkit::ssdp
