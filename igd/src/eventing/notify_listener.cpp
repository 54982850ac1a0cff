#include "igdkit/igd/eventing/notify_listener.hpp"

#include "igdkit/address.hpp"
#include "igdkit/gena/error.hpp"
#include "igdkit/token_bucket.hpp"

#include <boost/beast/http/field.hpp>

namespace igdkit::igd::eventing {

namespace http = boost::beast::http;

namespace {

constexpr std::string_view server_name = "igdkit/0.1 UPnP/1.1";

http_server_options server_options(const listener_options& o) {
  http_server_options s;
  s.listen = {o.local, 0};
  s.limits.body_limit = o.limits.max_bytes;
  s.admission = o.admission;
  s.server = std::string(server_name);
  return s;
}

http_response refusal(const http_request& request, unsigned status, std::string_view why) {
  return make_status_response(static_cast<http::status>(status), request.version(), false, server_name, why);
}

}  // namespace

notify_listener::notify_listener(boost::asio::any_io_executor ex, listener_options options, notify_handler on_notify)
    : options_(std::move(options)),
      on_notify_(std::move(on_notify)),
      server_(ex, server_options(options_),
              [this](const http_request& req, const boost::asio::ip::address& peer) { return answer(req, peer); }),
      tokens_(options_.burst),
      refilled_(std::chrono::steady_clock::now()) {}

std::error_code notify_listener::start() { return server_.start(); }
void notify_listener::stop() { server_.stop(); }

boost::urls::url notify_listener::callback_url() const {
  const auto ep = server_.local_endpoint();
  boost::urls::url u;
  u.set_scheme_id(boost::urls::scheme::http);
  if (ep.address().is_v6())
    u.set_host_ipv6(boost::urls::ipv6_address(ep.address().to_v6().to_bytes()));
  else
    u.set_host_ipv4(boost::urls::ipv4_address(ep.address().to_v4().to_bytes()));
  u.set_port_number(ep.port());
  u.set_path("/notify");
  return u;
}

http_response notify_listener::answer(const http_request& request, const boost::asio::ip::address& peer) {
  if (request.method() != http::verb::notify) {
    ++stats_.wrong_method;
    auto res = make_status_response(http::status::method_not_allowed, request.version(), false, server_name);
    res.set(http::field::allow, "NOTIFY");
    return res;
  }
  if (options_.publisher && unmapped(peer) != unmapped(*options_.publisher)) {
    ++stats_.wrong_sender;
    return refusal(request, 403, gena::make_error_code(gena::errc::wrong_sender).message());
  }
  refill_tokens(tokens_, refilled_, std::chrono::steady_clock::now(), options_.burst, options_.refill);
  if (tokens_ == 0) {
    ++stats_.rate_limited;
    return refusal(request, 503, gena::make_error_code(gena::errc::notify_rate_exceeded).message());
  }
  --tokens_;
  auto n = gena::read_notify_request(request, options_.limits);
  if (!n) {
    ++stats_.malformed;
    return refusal(request, gena::http_status(n.error()), n.error().message());
  }
  const auto status = on_notify_(std::move(*n));
  if (status != 200) {
    ++stats_.unknown_sid;
    return refusal(request, status, gena::make_error_code(gena::errc::unknown_sid).message());
  }
  ++stats_.accepted;
  http_response res{http::status::ok, request.version()};
  res.set(http::field::server, server_name);
  res.keep_alive(false);
  res.content_length(0);
  return res;
}

}  // namespace igdkit::igd::eventing
