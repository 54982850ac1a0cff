#pragma once
// Private: turns a datagram into a start line + header fields using Beast's parser.
#include "igdkit/result.hpp"

#include <boost/beast/http/fields.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace igdkit::ssdp::detail {

enum class frame_kind { search, notify, response };

struct frame {
  frame_kind kind = frame_kind::response;
  boost::beast::http::fields fields;
};

result<frame> parse_frame(std::string_view datagram);

// The value of a header (case-insensitive name), or nullopt when absent.
std::optional<std::string_view> header(const frame& f, std::string_view name);

}  // namespace igdkit::ssdp::detail
