#include "igdkit/sim/http_handler.hpp"

#include "igdkit/sim/description_builder.hpp"
#include "igdkit/sim/scpd.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

namespace igdkit::sim {

namespace http = boost::beast::http;

http_handler::http_handler(root_layout layout, igd_handler& igd, http_handler_options options)
    : layout_(std::move(layout)), igd_(igd), options_(std::move(options)) {
  root_description_ = build_root_description(layout_);
  for (const auto* s : all_services(layout_)) scpds_.emplace(s->scpd_path, build_scpd(scpd_for(s->id, s->version)));
}

http_response http_handler::serve_document(const http_request& request, const std::string& body) const {
  http_response res{http::status::ok, request.version()};
  res.set(http::field::server, options_.server);
  res.set(http::field::content_type, "text/xml; charset=\"utf-8\"");
  res.keep_alive(request.keep_alive());
  res.body() = body;
  // HEAD: same headers (Content-Length of the document), no body on the wire.
  if (request.method() == http::verb::head) {
    res.prepare_payload();
    res.body().clear();
  } else {
    set_payload(res);
  }
  return res;
}

void http_handler::set_payload(http_response& res) const {
  if (options_.chunked)
    res.chunked(true);
  else
    res.prepare_payload();
}

http_response http_handler::handle(const http_request& request, const request_context& ctx) {
  const bool keep_alive = request.keep_alive();
  auto status = [&](http::status s) { return make_status_response(s, request.version(), keep_alive, options_.server); };
  auto not_allowed = [&](std::string_view allow) {
    auto res = status(http::status::method_not_allowed);
    res.set(http::field::allow, allow);
    return res;
  };

  // Origin-form only ("/path?query"); absolute-form and "*" are not for us.
  auto target = boost::urls::parse_origin_form(request.target());
  if (!target) return status(http::status::bad_request);
  const auto match = match_path(layout_, target->encoded_path());
  if (!match) return status(http::status::not_found);

  const auto method = request.method();
  switch (match->role) {
    case path_role::description:
    case path_role::scpd: {
      if (method != http::verb::get && method != http::verb::head) return not_allowed("GET, HEAD");
      if (match->role == path_role::description) return serve_document(request, root_description_);
      return serve_document(request, scpds_.find(match->service->scpd_path)->second);
    }
    case path_role::control:
      if (method != http::verb::post) return not_allowed("POST");
      return control(request, *match->service, ctx);
    case path_role::event:
      if (method != http::verb::subscribe && method != http::verb::unsubscribe)
        return not_allowed("SUBSCRIBE, UNSUBSCRIBE");
      return subscription(request, *match->service, ctx);
  }
  return status(http::status::not_found);
}

}  // namespace igdkit::sim
