#pragma once
// Datagram -> typed SSDP message. Pure: no sockets, no clocks; safe on any bytes (fuzz target).
//
// Leniency (what real routers send): LF-only line endings, case-insensitive header names, no
// space after the colon, "max-age = 1800", missing EXT, empty SERVER, unknown extra headers,
// a missing final blank line, and anything after the header block (ignored: SSDP has no body).
#include "igdkit/result.hpp"
#include "igdkit/ssdp/messages.hpp"

#include <string_view>
#include <variant>

namespace igdkit::ssdp {

using message = std::variant<search_request, search_response, notify_message>;

result<message> parse_message(std::string_view datagram);

// Each fails with bad_start_line when the datagram is a valid SSDP message of another kind.
result<search_request> parse_search_request(std::string_view datagram);
result<search_response> parse_search_response(std::string_view datagram);
result<notify_message> parse_notify(std::string_view datagram);

}  // namespace igdkit::ssdp
