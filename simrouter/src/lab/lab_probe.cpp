// Internet-side probes: the topology decides whether a path exists; if it does, the probe goes
// through the real loopback forwarder to the LAN service, so a mapping to a dead service or a
// UDP service that does not echo is caught too.
#include "lab_impl.hpp"

#include "igdkit/igd/reach/udp_probe.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <random>

namespace igdkit::sim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using udp = asio::ip::udp;

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

double elapsed_ms(clock::time_point since) {
  return std::chrono::duration<double, std::milli>(clock::now() - since).count();
}

std::string endpoint_text(const inbound_target& t) {
  return t.internal_client.to_string() + ":" + std::to_string(t.internal_port);
}

std::string probe_payload() {
  std::random_device rd;
  return igd::reach::udp_probe_payload((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
}

}  // namespace

asio::awaitable<result<probe_result>> lab::probe_op(probe_request request) {
  auto outcome = co_await impl_->probe(request);
  co_return outcome;
}

asio::awaitable<probe_result> lab::impl::probe(probe_request request) {
  auto trace = trace_inbound(options.topology, request.proto, request.ip, request.port, home_lookup(), upstream_lookup());
  probe_result out;
  out.hops = trace.hops;
  out.reason = trace.reason;
  if (!trace.reachable) {
    add_log("lab", "", "probe " + std::string(to_string(request.proto)) + " " + request.ip.to_string() + ":" +
                           std::to_string(request.port) + ": unreachable");
    co_return out;
  }
  const auto ep = publish_on_demand(public_route{request.proto, request.ip, request.port, *trace.target});
  if (!ep) {
    out.reason = "the topology forwards to " + endpoint_text(*trace.target) +
                 " but no loopback endpoint could be opened for it (see the log)";
    co_return out;
  }
  const auto timeout = request.timeout.value_or(options.probe_timeout);
  // Not a ?: of two co_awaits: g++ 12 miscompiles that (the result's string is freed twice).
  probe_result measured;
  if (request.proto == protocol::tcp)
    measured = co_await probe_tcp(*ep, timeout);
  else
    measured = co_await probe_udp(*ep, timeout);
  measured.hops = std::move(out.hops);
  if (measured.reachable) measured.reason = trace.reason;
  measured.endpoint = ep;
  add_log("lab", "", "probe " + std::string(to_string(request.proto)) + " " + request.ip.to_string() + ":" +
                         std::to_string(request.port) + (measured.reachable ? ": reachable" : ": unreachable"));
  co_return measured;
}

asio::awaitable<probe_result> lab::impl::probe_tcp(const public_endpoint& ep, std::chrono::milliseconds timeout) {
  probe_result out;
  const tcp::endpoint target(ep.loopback_address, ep.loopback_port);
  const auto& lan = ep.route.target;
  // Bind first: the forwarder reports the session by our local endpoint.
  tcp::socket socket(ex);
  boost::system::error_code ec;
  socket.open(target.protocol(), ec);
  if (!ec) socket.bind(tcp::endpoint(ep.loopback_address, 0), ec);
  const auto local = ec ? tcp::endpoint{} : socket.local_endpoint(ec);
  if (ec) {
    out.reason = "probe socket: " + ec.message();
    co_return out;
  }
  tcp_probe_wait wait(ex);
  wait.signal.expires_after(timeout);
  tcp_probes[local] = &wait;
  const auto started = clock::now();
  auto [cec] = co_await socket.async_connect(target, tuple_awaitable);
  if (!cec && !wait.internal_result) co_await wait.signal.async_wait(tuple_awaitable);
  tcp_probes.erase(local);
  socket.close(ec);

  if (cec)
    out.reason = "cannot connect to the loopback endpoint " + target.address().to_string() + ":" +
                 std::to_string(target.port()) + ": " + cec.message();
  else if (!wait.internal_result)
    out.reason = "the mapping leads to " + endpoint_text(lan) + ", which did not accept within " +
                 std::to_string(timeout.count()) + " ms";
  else if (*wait.internal_result)
    out.reason = "the mapping leads to " + endpoint_text(lan) + ", but nothing accepts connections there (" +
                 wait.internal_result->message() + ")";
  else {
    out.reachable = true;
    out.rtt_ms = elapsed_ms(started);
  }
  co_return out;
}

asio::awaitable<probe_result> lab::impl::probe_udp(const public_endpoint& ep, std::chrono::milliseconds timeout) {
  probe_result out;
  const udp::endpoint target(ep.loopback_address, ep.loopback_port);
  // Shared with the deadline handler, which may run after this frame is gone.
  auto socket = std::make_shared<udp::socket>(ex);
  boost::system::error_code ec;
  socket->open(target.protocol(), ec);
  if (!ec) socket->bind(udp::endpoint(ep.loopback_address, 0), ec);
  if (ec) {
    out.reason = "probe socket: " + ec.message();
    co_return out;
  }
  const auto payload = probe_payload();
  const auto started = clock::now();
  asio::steady_timer deadline(ex, timeout);
  deadline.async_wait([socket](const boost::system::error_code& wec) {
    boost::system::error_code ignored;
    if (!wec) socket->close(ignored);
  });
  auto [sec, sent] = co_await socket->async_send_to(asio::buffer(payload), target, tuple_awaitable);
  std::array<char, 2048> buffer{};
  while (!sec) {
    udp::endpoint from;
    auto [rec, n] = co_await socket->async_receive_from(asio::buffer(buffer), from, tuple_awaitable);
    if (rec) break;
    if (from == target && std::string_view(buffer.data(), n) == payload) {
      out.reachable = true;
      out.rtt_ms = elapsed_ms(started);
      break;
    }
  }
  deadline.cancel();
  socket->close(ec);
  if (!out.reachable)
    out.reason = sec ? "cannot send to the loopback endpoint: " + sec.message()
                     : "no echo from " + endpoint_text(ep.route.target) + " within " + std::to_string(timeout.count()) +
                           " ms (UDP probes need the service to echo the probe datagram)";
  co_return out;
}

}  // namespace igdkit::sim
