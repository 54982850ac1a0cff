#pragma once
// GENA failures, one specific code per rejected message on either side. http_status() gives the
// answer UDA prescribes for each (400 for mixed header sets, 412 for a precondition, ...).
#include <string_view>
#include <system_error>
#include <type_traits>

namespace igdkit::gena {

enum class errc {
  // SUBSCRIBE / UNSUBSCRIBE at the publisher
  incompatible_headers = 1,  // SID together with CALLBACK or NT (400)
  missing_callback,          // 412
  bad_callback,              // not "<http://host:port/path>" forms (412)
  callback_not_requester,    // CallStranger: the callback names another host than the requester (412)
  too_many_callbacks,        // 412
  bad_nt,                    // NT missing or not "upnp:event" (412)
  missing_sid,               // renewal/unsubscribe without SID (412)
  unknown_sid,               // no such (or an expired) subscription (412)
  too_many_subscriptions,    // the table or the requester's share is full (503)
  // NOTIFY at the control point
  missing_nt,                // NOTIFY without NT or NTS (400)
  bad_nts,                   // NTS not "upnp:propchange" (412)
  bad_seq,                   // SEQ missing or not a 32-bit decimal (400)
  bad_propertyset,           // body is not an e:propertyset (400)
  propertyset_too_large,     // over the byte or property limit (413)
  wrong_sender,              // NOTIFY from another host than the publisher (403)
  notify_rate_exceeded,      // too many NOTIFYs (503)
  // SUBSCRIBE responses read by the control point
  bad_subscribe_response,    // 200 without a usable SID (or TIMEOUT)
  subscribe_refused,         // any non-200 status
  eventing_unsupported,      // 404/405/501 on the event URL
  no_event_url,              // the service has no eventSubURL
};

const std::error_category& category() noexcept;
std::string_view to_string(errc e) noexcept;  // the enumerator's name
inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

// The HTTP status to answer with (errors from other categories: 400).
unsigned http_status(std::error_code ec) noexcept;

}  // namespace igdkit::gena

template <>
struct std::is_error_code_enum<igdkit::gena::errc> : std::true_type {};
