#pragma once
// GENA's four messages as Beast messages, both ways (pure; no sockets): what a control point
// sends and reads, and what a publisher reads and sends. The transport fills in Host,
// Content-Length and Connection.
#include "igdkit/gena/propertyset.hpp"
#include "igdkit/http_message.hpp"
#include "igdkit/result.hpp"

#include <boost/url/url.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::gena {

// --- SUBSCRIBE / renewal / UNSUBSCRIBE (control point -> publisher) ---

enum class request_kind { subscribe, renew, unsubscribe };

struct subscription_request {
  request_kind kind = request_kind::subscribe;
  std::vector<boost::urls::url> callbacks;    // subscribe only
  std::string sid;                            // renew and unsubscribe
  std::optional<std::chrono::seconds> timeout;  // as asked (absent or unreadable: nullopt)
};

// The header rules of UDA 2.0 §4.1: SID with CALLBACK or NT is incompatible_headers; a new
// subscription needs NT: upnp:event and a CALLBACK; renewal and unsubscribe need a SID.
// The request's method must be SUBSCRIBE or UNSUBSCRIBE (the caller routes on it).
result<subscription_request> read_subscription_request(const http_request& request, std::size_t max_callbacks);

http_request make_subscribe_request(std::string_view target, const boost::urls::url& callback,
                                    std::optional<std::chrono::seconds> timeout);
http_request make_renew_request(std::string_view target, std::string_view sid,
                                std::optional<std::chrono::seconds> timeout);
http_request make_unsubscribe_request(std::string_view target, std::string_view sid);

// --- the publisher's answer ---

struct grant {
  std::string sid;
  std::chrono::seconds timeout{0};
};

http_response make_grant_response(const http_request& request, const grant& g, std::string_view server);

// 200 with SID and TIMEOUT: the grant. A 200 without TIMEOUT gets `assumed` (some firmware
// omits it); without SID, bad_subscribe_response. 404/405/501: eventing_unsupported; 412:
// unknown_sid (the subscription is gone); other statuses: subscribe_refused.
result<grant> read_subscribe_response(unsigned status, const boost::beast::http::fields& headers,
                                      std::chrono::seconds assumed);

// --- NOTIFY (publisher -> control point) ---

http_request make_notify_request(const boost::urls::url& callback, std::string_view sid, std::uint32_t seq,
                                 std::string body, std::string_view content_type);

struct notification {
  std::string sid;
  std::uint32_t seq = 0;
  std::vector<property> properties;
  // Content-Type was not text/xml (a firmware quirk; the body is still read as XML).
  bool unexpected_content_type = false;
};

// NT upnp:event, NTS upnp:propchange, SID and SEQ present and well-formed, a propertyset body.
result<notification> read_notify_request(const http_request& request, const propertyset_limits& limits = {});

}  // namespace igdkit::gena
