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
//   SUBSCRIBE/UNSUBSCRIBE on an event URL     200 + SID/TIMEOUT (gena::publisher), 400 for SID
//                                             mixed with CALLBACK/NT, 412 for a bad CALLBACK/NT or
//                                             an unknown SID, 503 when full; 501 without eventing
//   action result                             200, or 500 + UPnPError from igd_handler
#include "igdkit/gena/publisher.hpp"
#include "igdkit/http_message.hpp"
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
  // GENA on the event URLs; off (profile no-eventing): 501, as firmware without eventing.
  bool eventing = true;
};

class http_handler {
 public:
  // `igd` must outlive the handler; the documents are rendered once here.
  http_handler(root_layout layout, igd_handler& igd, http_handler_options options = {});

  // `ctx.client` and `ctx.now` are the caller's; `ctx.service` is set from the control URL.
  http_response handle(const http_request& request, const request_context& ctx);

  // Whole request bytes (as read off a socket) in: parsed by Beast under the same limits.
  // Incomplete or malformed input gets 400, too-long headers 431, a too-large body 413.
  http_response handle_bytes(std::string_view bytes, const request_context& ctx);

  // Subscriptions are answered by `events` (which must outlive the handler); until then, 501.
  void attach_events(gena::publisher& events) noexcept { events_ = &events; }

  const root_layout& layout() const noexcept { return layout_; }
  const http_handler_options& options() const noexcept { return options_; }

 private:
  http_response serve_document(const http_request& request, const std::string& body) const;
  void set_payload(http_response& res) const;
  http_response control(const http_request& request, const service_layout& service, request_context ctx);
  http_response subscription(const http_request& request, const service_layout& service, const request_context& ctx);

  root_layout layout_;
  igd_handler& igd_;
  gena::publisher* events_ = nullptr;
  http_handler_options options_;
  std::string root_description_;
  std::map<std::string, std::string, std::less<>> scpds_;  // by SCPD path
};

}  // namespace igdkit::sim
