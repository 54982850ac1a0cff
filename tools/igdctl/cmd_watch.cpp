// igdctl watch: GENA subscriptions to every service of the chosen IGD; each event is printed as
// it arrives (a JSON object per line with --json) until interrupted, then unsubscribed. The
// router's uptime is also read every --check-interval seconds, so a reboot (which silently
// drops every subscription) is reported and subscribed again at once.
#include "commands.hpp"

#include "igdkit/igd/actions/port_mapping.hpp"
#include "igdkit/igd/event_watch.hpp"
#include "igdkit/igd/eventing/report_json.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>

namespace igdctl {
namespace asio = boost::asio;
namespace ev = igdkit::igd::eventing;

namespace {

void emit(const context& ctx, const boost::json::object& o, const std::string& text) {
  if (ctx.global.json)
    print_json(o);
  else
    std::cout << text << '\n';
  std::cout.flush();  // a line per event, as it happens, also into a pipe
}

// Uptime going backwards means a reboot: the device forgot our subscriptions.
asio::awaitable<void> watch_uptime(const context& ctx, igd::client& client, igd::event_watch& watch,
                                   std::chrono::seconds interval, const bool& stopping) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  std::optional<std::chrono::seconds> last;
  while (!stopping) {
    timer.expires_after(interval);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (stopping) break;
    auto [ec, status] = co_await client.async_invoke<igd::get_status_info>({}, asio::as_tuple(asio::use_awaitable));
    if (ec || stopping) continue;
    if (last && status.uptime < *last) {
      emit(ctx, {{"event", "gateway_rebooted"}, {"uptime_s", status.uptime.count()}},
           "gateway rebooted (uptime " + std::to_string(status.uptime.count()) + " s): subscribing again");
      watch.observe_reboot();
    }
    last = status.uptime;
  }
}

}  // namespace

int run_watch(context& ctx) {
  auto desc = command_options(ctx);
  unsigned timeout_s = 1800, check_s = 30, duration_s = 0;
  desc.add_options()("subscription-timeout", po::value(&timeout_s)->default_value(1800),
                     "TIMEOUT to ask for, seconds (renewed at half of what is granted)")(
      "check-interval", po::value(&check_s)->default_value(30), "read the uptime every N s to notice a reboot (0: never)")(
      "duration", po::value(&duration_s)->default_value(0), "stop after N seconds (0: until interrupted)");
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;

  asio::io_context io;
  igd::client client(io.get_executor());
  if (int rc = connect(ctx, client)) return rc;
  const auto services = igd::event_watch::services_of(*client.current());
  if (services.empty()) {
    std::cerr << "igdctl watch: the device lists no eventSubURL: it does not event; poll instead\n";
    return nothing_found;
  }
  igd::event_watch_options o;
  o.subscriber.timeout = std::chrono::seconds(std::max(1u, timeout_s));
  if (!ctx.global.interface.empty()) {
    boost::system::error_code aec;
    const auto local = asio::ip::make_address(ctx.global.interface, aec);
    if (aec) return usage_error(ctx, "--interface must be an IP address");
    o.http.local_address = local;
  }
  bool stopping = false;
  std::size_t unsupported = 0;
  igd::event_watch watch(io.get_executor(), client, services, o, [&](const ev::report& r) {
    if (const auto* f = std::get_if<ev::subscription_failed>(&r); f && !f->retry_at) ++unsupported;
    emit(ctx, ev::to_json(r, services), ev::describe(r, services));
    if (unsupported == services.size()) watch.stop();  // nothing will ever arrive
  });

  asio::signal_set signals(io, SIGINT, SIGTERM);
  auto finish = [&] {
    if (stopping) std::exit(130);  // a second ^C: leave now
    stopping = true;
    watch.stop();
  };
  signals.async_wait([&](boost::system::error_code ec, int) {
    if (!ec) finish();
  });
  asio::steady_timer duration(io);
  if (duration_s > 0) {
    duration.expires_after(std::chrono::seconds(duration_s));
    duration.async_wait([&](boost::system::error_code ec) {
      if (!ec && !stopping) finish();
    });
  }
  if (check_s > 0)
    asio::co_spawn(io, watch_uptime(ctx, client, watch, std::chrono::seconds(check_s), stopping), asio::detached);
  boost::system::error_code run_ec;
  bool finished = false;
  watch.async_run([&](boost::system::error_code ec) {
    run_ec = ec;
    finished = true;
    stopping = true;
    signals.cancel();
    duration.cancel();
  });
  io.run();
  if (!finished) return local_error;
  if (run_ec) {
    std::cerr << "igdctl watch: " << run_ec.message() << "\n";
    return local_error;
  }
  return unsupported == services.size() ? router_error : ok;
}

}  // namespace igdctl
