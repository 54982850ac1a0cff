#include "igdkit/soap/http_client.hpp"

#include "http_exchange.hpp"
#include "igdkit/soap/error.hpp"
#include "igdkit/soap/request.hpp"
#include "igdkit/soap/response.hpp"
#include "igdkit/soap/upnp_error.hpp"

namespace igdkit::soap {
namespace http = boost::beast::http;

http::request<http::string_body> make_call_request(std::string_view target, const action_request& request) {
  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::content_type, "text/xml; charset=\"utf-8\"");
  req.set("SOAPACTION", soap_action_header(request.service_type, request.action));
  req.body() = build_request_body(request);
  return req;
}

call_outcome read_call_reply(unsigned status, std::string_view body, const action_request& request,
                             std::size_t body_limit) {
  call_outcome out;
  out.response.action = request.action;
  auto parsed = parse_response(body, request.action, {.max_bytes = body_limit});
  if (parsed) {
    out.response = std::move(*parsed);
    out.response.http_status = status;
    if (out.response.fault) {
      out.ec = make_upnp_error(out.response.fault->code);
    } else if (status != 200) {
      out.ec = make_error_code(errc::unexpected_http_status);
    }
    return out;
  }
  out.response.http_status = status;
  out.ec = status == 200 ? parsed.error() : make_error_code(errc::unexpected_http_status);
  return out;
}

}  // namespace igdkit::soap

namespace igdkit::soap::detail {

boost::asio::awaitable<call_outcome> call(boost::urls::url control_url, action_request request, http_options options) {
  auto target = make_target(control_url);
  if (!target) {
    call_outcome out;
    out.response.action = request.action;
    out.ec = target.error();
    co_return out;
  }
  auto reply = co_await exchange(*target, make_call_request(target->target, request), options);
  if (!reply) {
    call_outcome out;
    out.response.action = request.action;
    out.ec = reply.error();
    co_return out;
  }
  co_return read_call_reply(reply->status, reply->body, request, options.body_limit);
}

// cppcheck-suppress passedByValue ; a coroutine keeps its own copies across suspensions
boost::asio::awaitable<result<std::string>> http_get(boost::urls::url url, http_options options) {
  auto target = make_target(url);
  if (!target) co_return target.error();
  http::request<http::string_body> req{http::verb::get, target->target, 11};
  auto reply = co_await exchange(*target, std::move(req), options);
  if (!reply) co_return reply.error();
  if (reply->status != 200) co_return make_error_code(errc::unexpected_http_status);
  co_return std::move(reply->body);
}

// cppcheck-suppress passedByValue ; a coroutine keeps its own copies across suspensions
boost::asio::awaitable<result<http_reply>> http_send(boost::urls::url url, http::request<http::string_body> request,
                                                     http_options options) {
  auto target = make_target(url);
  if (!target) co_return target.error();
  co_return co_await exchange(*target, std::move(request), options);
}

// cppcheck-suppress passedByValue ; a coroutine keeps its own copies across suspensions
boost::asio::awaitable<result<http_reply>> http_post(boost::urls::url url, std::string content_type, std::string body,
                                                     http_options options) {
  auto target = make_target(url);
  if (!target) co_return target.error();
  http::request<http::string_body> req{http::verb::post, target->target, 11};
  req.set(http::field::content_type, content_type);
  req.body() = std::move(body);
  co_return co_await exchange(*target, std::move(req), options);
}

}  // namespace igdkit::soap::detail
