#include "igdkit/http_message.hpp"

#include <boost/beast/http/field.hpp>

#include <string>

namespace igdkit {

namespace http = boost::beast::http;

http_response make_status_response(http::status status, unsigned version, bool keep_alive,
                                   std::string_view server, std::string_view detail) {
  http_response res{status, version};
  res.set(http::field::server, server);
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.body() = std::string(http::obsolete_reason(status));
  res.body() += "\r\n";
  if (!detail.empty()) {
    res.body() += detail;
    res.body() += "\r\n";
  }
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

}  // namespace igdkit
