#include "igdkit/gena/error.hpp"

#include <iterator>
#include <string>

namespace igdkit::gena {
namespace {

struct entry {
  std::string_view name;
  std::string_view message;
  unsigned status;
};

// Indexed by enumerator value; keep in declaration order.
constexpr entry entries[] = {
    {"unknown", "unknown GENA error", 400},
    {"incompatible_headers", "SID cannot be combined with CALLBACK or NT", 400},
    {"missing_callback", "SUBSCRIBE without a CALLBACK header", 412},
    {"bad_callback", "CALLBACK is not a list of <http://address:port/path> URLs", 412},
    {"callback_not_requester", "CALLBACK names another host than the subscriber (CallStranger refusal)", 412},
    {"too_many_callbacks", "CALLBACK lists more URLs than allowed", 412},
    {"bad_nt", "NT is missing or not upnp:event", 412},
    {"missing_sid", "renewal or UNSUBSCRIBE without a SID header", 412},
    {"unknown_sid", "no subscription with this SID (unknown or expired)", 412},
    {"too_many_subscriptions", "subscription limit reached", 503},
    {"missing_nt", "NOTIFY without an NT or NTS header", 400},
    {"bad_nts", "NTS is missing or not upnp:propchange", 412},
    {"bad_seq", "SEQ is missing or not a 32-bit decimal number", 400},
    {"bad_propertyset", "body is not a well-formed e:propertyset", 400},
    {"propertyset_too_large", "property set exceeds the size or property limit", 413},
    {"wrong_sender", "NOTIFY from another host than the subscribed device", 403},
    {"notify_rate_exceeded", "NOTIFY rate limit exceeded", 503},
    {"bad_subscribe_response", "SUBSCRIBE answered 200 without a usable SID or TIMEOUT", 400},
    {"subscribe_refused", "SUBSCRIBE refused by the device", 400},
    {"eventing_unsupported", "the device does not support eventing on this URL", 400},
    {"no_event_url", "the service has no eventSubURL", 400},
};

class category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "igdkit.gena"; }
  std::string message(int ev) const override {
    const bool known = ev > 0 && static_cast<std::size_t>(ev) < std::size(entries);
    return std::string(entries[known ? static_cast<std::size_t>(ev) : 0].message);
  }
};

}  // namespace

const std::error_category& category() noexcept {
  static const category_impl instance;
  return instance;
}

std::string_view to_string(errc e) noexcept {
  const auto i = static_cast<std::size_t>(e);
  return i < std::size(entries) ? entries[i].name : entries[0].name;
}

unsigned http_status(std::error_code ec) noexcept {
  if (ec.category() != category()) return 400;
  const auto i = static_cast<std::size_t>(ec.value());
  return i < std::size(entries) ? entries[i].status : 400;
}

}  // namespace igdkit::gena
