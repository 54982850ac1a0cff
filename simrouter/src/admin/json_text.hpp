#pragma once
// JSON text the lab writes (admin API bodies, the state file). Boost.JSON serializes a string's
// bytes as they are, and lab strings carry bytes from LAN clients that nobody validated: a
// percent-decoded query key, a SOAP mapping description (pugixml does not check UTF-8). JSON
// must be UTF-8, so every byte that is not part of a well-formed sequence becomes U+FFFD;
// otherwise one odd description makes /state unparseable and the state file unreadable at restart.
#include <boost/json/value.hpp>

#include <string>

namespace igdkit::sim::json_text {

// boost::json::serialize(value), with each byte outside a well-formed UTF-8 sequence (RFC 3629)
// replaced by U+FFFD.
std::string serialize(const boost::json::value& value);

}  // namespace igdkit::sim::json_text
