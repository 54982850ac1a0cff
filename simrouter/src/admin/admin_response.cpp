// JSON responses for the admin API.
#include "igdkit/sim/admin_api.hpp"

#include "json_text.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>

namespace igdkit::sim::admin {

namespace http = boost::beast::http;

http_response json_response(http::status status, const boost::json::value& body, const http_request& request) {
  http_response res{status, request.version()};
  res.set(http::field::content_type, "application/json");
  // Lab state changes under the client's feet; a cached /state would be a lie.
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(request.keep_alive());
  res.body() = json_text::serialize(body);
  res.body() += '\n';
  res.prepare_payload();
  return res;
}

http_response error_response(const request_error& error, const http_request& request) {
  auto res = json_response(error.status, boost::json::object{{"error", error.message}}, request);
  if (!error.allow.empty()) {
    std::string allow;
    for (auto m : error.allow) {
      if (!allow.empty()) allow += ", ";
      allow += http::to_string(m);
    }
    res.set(http::field::allow, allow);
  }
  return res;
}

}  // namespace igdkit::sim::admin
