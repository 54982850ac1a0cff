// SUBSCRIBE / UNSUBSCRIBE on an event URL: gena's header rules, then the publisher's table.
#include "igdkit/sim/http_handler.hpp"

#include "igdkit/gena/error.hpp"
#include "igdkit/gena/messages.hpp"
#include "igdkit/sim/evented_state.hpp"

#include <boost/beast/http/field.hpp>

#include <algorithm>

namespace igdkit::sim {

namespace http = boost::beast::http;

http_response http_handler::subscription(const http_request& request, const service_layout& service,
                                         const request_context& ctx) {
  const bool keep_alive = request.keep_alive();
  if (!options_.eventing || !events_)
    return make_status_response(http::status::not_implemented, request.version(), keep_alive, options_.server);

  const auto services = all_services(layout_);
  const auto topic = static_cast<gena::topic_id>(
      std::find(services.begin(), services.end(), &service) - services.begin());
  auto parsed = gena::read_subscription_request(request, events_->options().max_callbacks);
  result<gena::grant> granted = parsed.has_error() ? result<gena::grant>(parsed.error()) : result<gena::grant>(gena::grant{});
  if (parsed) {
    // The initial event carries the values as they are now.
    if (parsed->kind == gena::request_kind::subscribe)
      events_->publish(topic, evented_values(igd_, service, ctx.now));
    granted = events_->handle(topic, *parsed, ctx.client, ctx.now);
  }
  if (!granted) {
    return make_status_response(static_cast<http::status>(gena::http_status(granted.error())), request.version(),
                                keep_alive, options_.server, granted.error().message());
  }
  if (parsed->kind == gena::request_kind::unsubscribe) {
    http_response res{http::status::ok, request.version()};
    res.set(http::field::server, options_.server);
    res.keep_alive(keep_alive);
    res.content_length(0);
    return res;
  }
  return gena::make_grant_response(request, *granted, options_.server);
}

}  // namespace igdkit::sim
