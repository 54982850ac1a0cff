#pragma once
// The simulated router's HTTP side as a pure function: Beast request in, Beast response out.
// No sockets, so the same code serves the TCP server, the tests and a fuzz target (handle_bytes).
//
// Status codes, chosen to match miniupnpd where it has an answer:
//   GET/HEAD rootDesc.xml or an SCPD          200 text/xml; charset="utf-8"
//   unknown path                              404
//   wrong method on a known path              405 + Allow (GET, HEAD | POST | SUBSCRIBE, UNSUBSCRIBE)
//   POST control URL, no SOAPACTION header    400 (no action to answer a fault for)
//   SOAPACTION naming another service, or an
//   action the service lacks, or a body that
//   names a different action                  500 + UPnPError 401 Invalid Action
//   unparsable / oversized / too deep XML     500 + UPnPError 402 Invalid Args
//   body over body_limit                      413
//   SUBSCRIBE/UNSUBSCRIBE on an event URL     501 (GENA not implemented yet)
//   action result                             200, or 500 + UPnPError from igd_handler
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/igd_handler.hpp"
#include "igdkit/soap/response.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace igdkit::sim {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

struct http_limits {
  std::size_t header_limit = std::size_t{8} * 1024;
  std::size_t body_limit = std::size_t{64} * 1024;  // a SOAP request is < 2 KiB; miniupnpd caps far lower
};

struct http_handler_options {
  http_limits limits;
  std::string server = "Linux/6.1 UPnP/1.1 igdkit-simrouter/0.1";
  soap::envelope_style envelope;
  // Firmware quirks. miniupnpd writes fault bodies without the <?xml?> line (success bodies
  // keep envelope.xml_declaration).
  bool fault_xml_declaration = true;
  // SOAP and description documents sent with Transfer-Encoding: chunked instead of
  // Content-Length (embedded web servers that stream every reply). HEAD keeps Content-Length.
  bool chunked = false;
};

// A bodiless (text/plain reason) response with the given status, for the handler and for the
// server's own refusals (timeouts, parse errors, 413, 503).
http_response make_status_response(boost::beast::http::status status, unsigned version, bool keep_alive,
                                   std::string_view server);

class http_handler {
 public:
  // `igd` must outlive the handler; the documents are rendered once here.
  http_handler(root_layout layout, igd_handler& igd, http_handler_options options = {});

  // `ctx.client` and `ctx.now` are the caller's; `ctx.service` is set from the control URL.
  http_response handle(const http_request& request, const request_context& ctx);

  // Whole request bytes (as read off a socket) in: parsed by Beast under the same limits.
  // Incomplete or malformed input gets 400, too-long headers 431, a too-large body 413.
  http_response handle_bytes(std::string_view bytes, const request_context& ctx);

  const root_layout& layout() const noexcept { return layout_; }
  const http_handler_options& options() const noexcept { return options_; }

 private:
  http_response serve_document(const http_request& request, const std::string& body) const;
  void set_payload(http_response& res) const;
  http_response control(const http_request& request, const service_layout& service, request_context ctx);

  root_layout layout_;
  igd_handler& igd_;
  http_handler_options options_;
  std::string root_description_;
  std::map<std::string, std::string, std::less<>> scpds_;  // by SCPD path
};

}  // namespace igdkit::sim
