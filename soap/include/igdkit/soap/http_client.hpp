#pragma once
// Thin HTTP/1.1 client transport for SOAP control calls and description fetches (http:// only).
// One deadline covers resolve + connect + write + read; sizes are capped before they are buffered.
#include "igdkit/async.hpp"
#include "igdkit/result.hpp"
#include "igdkit/soap/action.hpp"
#include "igdkit/soap/connection_pool.hpp"
#include "igdkit/soap/http_call.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

namespace igdkit::soap {

struct http_options {
  std::chrono::milliseconds deadline = std::chrono::seconds(5);
  std::size_t header_limit = std::size_t{8} * 1024;
  std::size_t body_limit = std::size_t{1024} * 1024;
  std::string user_agent = "igdkit/0.1 UPnP/1.1";
  // Bind the connecting socket to this local address (a multi-homed host, or a test that
  // speaks from 127.0.0.2). Unset: the system picks.
  std::optional<boost::asio::ip::address> local_address{};
  // Keep connections alive and reuse them through this pool (connection_pool.hpp). Unset: one
  // connection per request, sent with Connection: close. igd::client makes a pool of its own
  // when `keep_alive` is set and none is given. Off by default: much IGD firmware closes after
  // replying without saying "Connection: close", and a request that meets such a dead connection
  // fails rather than being sent twice (a SOAP POST is not idempotent: no silent retry).
  std::shared_ptr<connection_pool> pool{};
  bool keep_alive = false;
};

// A reply of any status, for JSON APIs that answer errors in the body (the reach probers).
struct http_reply {
  unsigned status = 0;
  std::string body;
  std::string retry_after{};  // the Retry-After header, if any
  boost::beast::http::fields headers{};  // all of them
};

namespace detail {

// Where a request to `url` goes and how it names it: what every sender here fills in, and what
// a caller showing the request as sent (the conformance suite's evidence) needs too.
struct http_target {
  std::string host;         // for resolving/connecting (brackets stripped)
  std::uint16_t port = 80;
  std::string host_header;  // "host[:port]", port omitted when 80
  std::string target;       // origin-form path + query, never empty
};

// errc::invalid_url / unsupported_scheme for what no request here can be sent to.
result<http_target> make_target(boost::urls::url_view url);

boost::asio::awaitable<call_outcome> call(boost::urls::url control_url, action_request request, http_options options);
boost::asio::awaitable<result<std::string>> http_get(boost::urls::url url, http_options options);
// POSTs `body` with `content_type`; every status is a reply (only transport failures are errors).
// Sends `request` as built (method, target, fields, body) to url's host and port; Host,
// User-Agent, Connection: close and Content-Length are filled in. Every status is a reply.
boost::asio::awaitable<result<http_reply>> http_send(
    boost::urls::url url, boost::beast::http::request<boost::beast::http::string_body> request, http_options options);
boost::asio::awaitable<result<http_reply>> http_post(boost::urls::url url, std::string content_type, std::string body,
                                                     http_options options);

}  // namespace detail

// POSTs the action to control_url. Completion: void(std::error_code, action_response).
//  - HTTP 200 with a response element: ec = {}, the out arguments.
//  - any status with a UPnPError body: ec = make_upnp_error(code), response.fault set.
//  - other statuses: errc::unexpected_http_status, response.http_status says which.
//  - transport/parse failures: an igdkit.soap errc (timeout, body_too_large, ...).
// Arguments are copied before this returns. The coroutine is created inside the initiation, so no
// awaitable travels through a deferred token's stored arguments (g++ 12 mishandles that).
template <class Executor, class CompletionToken>
auto async_call(Executor ex, boost::urls::url_view control_url, const action_request& request,
                const http_options& options, CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, void(std::error_code, action_response)>(
      [ex](auto handler, boost::urls::url url, action_request req, http_options opts) mutable {
        auto handler_ex = boost::asio::get_associated_executor(handler, ex);
        boost::asio::co_spawn(
            ex, detail::call(std::move(url), std::move(req), std::move(opts)),
            boost::asio::bind_executor(
                handler_ex, [h = std::move(handler)](const std::exception_ptr& ep, call_outcome out) mutable {
                  if (ep) {
                    std::move(h)(igdkit::detail::unexpected_exception_error(), action_response{});
                  } else {
                    std::move(h)(out.ec, std::move(out.response));
                  }
                }));
      },
      token, boost::urls::url(control_url), request, options);
}

// GETs url (e.g. a description document); only 200 counts as success.
// Completion: void(std::error_code, std::string body).
template <class Executor, class CompletionToken>
auto async_http_get(Executor ex, boost::urls::url_view url, const http_options& options, CompletionToken&& token) {
  return igdkit::async_run<std::string>(
      ex, [u = boost::urls::url(url), options]() { return detail::http_get(u, options); },
      std::forward<CompletionToken>(token));
}

}  // namespace igdkit::soap
