#pragma once
// URL resolution for description documents (digest §2.2) and the SSRF guard applied to every
// URL igdkit will later fetch or POST to. Pure functions, no I/O.
#include "igdkit/result.hpp"

#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <optional>
#include <string_view>
#include <system_error>

namespace igdkit::igd {

enum class url_policy {
  // Default: the URL's host must equal LOCATION's host (any port), the scheme must be http(s),
  // and it must not be loopback / link-local / multicast / unspecified unless LOCATION's host
  // is in that same class (so tests on 127.0.0.1 still work).
  same_host,
  // Opt-out for callers that know better (still requires an http(s) URL).
  allow_any_host,
};

// The base for relative URLs: URLBase if present, usable and absolute http(s), else LOCATION.
// Bogus-URLBase rule: when URLBase's host is loopback, unspecified or "localhost" but LOCATION's
// host is not, URLBase's host is replaced by LOCATION's (scheme, port and path of URLBase are
// kept). Such URLBases come from routers that print their bind address; the device cannot mean
// our own loopback. An unparsable or non-http(s) URLBase is ignored (LOCATION is used).
// Fails with errc::invalid_url when LOCATION is not an absolute http(s) URL.
result<boost::urls::url> effective_base(boost::urls::url_view location,
                                        std::optional<boost::urls::url_view> url_base);

// RFC 3986 §5 resolution of `reference` (e.g. a controlURL, with or without a leading '/',
// or absolute on another port) against `base`. Leading/trailing whitespace is ignored.
// Fails with errc::invalid_url for an empty or unparsable reference, or a non-http(s) result.
result<boost::urls::url> resolve_service_url(boost::urls::url_view base, std::string_view reference);

// The SSRF guard. Returns errc::url_not_allowed when `target` violates `policy` relative to
// `location`.
std::error_code check_url(boost::urls::url_view target, boost::urls::url_view location,
                          url_policy policy);

}  // namespace igdkit::igd
