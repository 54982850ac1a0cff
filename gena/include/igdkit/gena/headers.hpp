#pragma once
// GENA header values (UDA 2.0 §4.1-4.3): CALLBACK URL lists, TIMEOUT, SEQ.
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

inline constexpr std::string_view event_nt = "upnp:event";
inline constexpr std::string_view propchange_nts = "upnp:propchange";

// "<http://192.168.1.23:49200/notify>" one or more times (whitespace between is allowed). Each
// URL must parse as an absolute http:// URL with a host; more than max_urls is
// too_many_callbacks. Who the host may be is the publisher's decision, not this parser's.
result<std::vector<boost::urls::url>> parse_callback(std::string_view header, std::size_t max_urls);
std::string format_callback(const boost::urls::url& url);

// "Second-1800" (the word in any case) -> 1800 s. "Second-infinite" is forbidden since UDA 1.1
// and, like a malformed value, reads as no TIMEOUT at all (the publisher's default applies).
std::optional<std::chrono::seconds> parse_timeout(std::string_view header);
std::string format_timeout(std::chrono::seconds timeout);

// SEQ: a 32-bit decimal. After 4294967295 it goes on at 1 (0 means "initial event" only).
std::optional<std::uint32_t> parse_seq(std::string_view header);
constexpr std::uint32_t next_seq(std::uint32_t seq) noexcept { return seq == UINT32_MAX ? 1 : seq + 1; }

}  // namespace igdkit::gena
