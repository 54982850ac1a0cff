#pragma once
// The HTTP side of one SOAP call, without the socket: the POST a control URL receives, and how
// its reply (status + body) becomes an outcome. soap::async_call sends these over TCP; in-memory
// transports (tests, embedded routers) hand them to a handler directly.
#include "igdkit/soap/action.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <string_view>
#include <system_error>

namespace igdkit::soap {

// Outcome of a call: a UPnP fault yields ec = make_upnp_error(code) *and* the response with
// .fault set, so the router's errorDescription travels beside the code.
struct call_outcome {
  std::error_code ec;
  action_response response;
};

// POST `target` (origin form) with SOAPACTION, Content-Type and the envelope; Host and
// Content-Length are the sender's to fill in.
boost::beast::http::request<boost::beast::http::string_body> make_call_request(std::string_view target,
                                                                               const action_request& request);

// A reply to `request`: faults are recognised by their body whatever the status (some routers
// send them with 200); a non-200 without a fault is errc::unexpected_http_status.
call_outcome read_call_reply(unsigned status, std::string_view body, const action_request& request,
                             std::size_t body_limit);

}  // namespace igdkit::soap
