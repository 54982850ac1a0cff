#pragma once
// Private: typed readers for individual SSDP header values.
#include "igdkit/result.hpp"

#include <boost/url/url.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace igdkit::ssdp::detail {

// The max-age directive of a CACHE-CONTROL value; tolerates spaces around '=' and quotes.
result<std::chrono::seconds> parse_max_age(std::string_view cache_control);

// An absolute http(s) URL with a host.
result<boost::urls::url> parse_location(std::string_view text);

}  // namespace igdkit::ssdp::detail
