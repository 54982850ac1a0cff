#pragma once
// URL resolution for description documents (digest §2.2) and the SSRF guard applied to every
// URL igdkit will later fetch or POST to. Pure functions, no I/O.
#include "igdkit/result.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <optional>
#include <string_view>
#include <system_error>

namespace igdkit::igd {

enum class url_policy {
  // Default: every URL igdkit fetches or POSTs to is on the host that announced the device: a
  // LOCATION from SSDP names the address the answer came from (as a literal IP), and every URL
  // in the description names LOCATION's host (any port). The scheme must be http(s).
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

// The SSRF guard, the one place that decides it. Returns errc::url_not_allowed when `target`
// violates `policy` relative to `location`, the root description's URL; `announced_by`, when
// the location came from an SSDP answer, is that answer's source address, which LOCATION's host
// must then be (a forged LOCATION naming another host, e.g. 169.254.169.254, is refused before
// anything is fetched). Check LOCATION itself as check_url(location, location, policy, sender).
std::error_code check_url(boost::urls::url_view target, boost::urls::url_view location, url_policy policy,
                          std::optional<boost::asio::ip::address> announced_by = std::nullopt);

}  // namespace igdkit::igd
