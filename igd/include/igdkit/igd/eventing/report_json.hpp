#pragma once
// Subscription reports as JSON objects (igdctl watch --json, one per line) and as one line of
// text. Services are named by their type's last two parts ("WANIPConnection:2"). Field names
// are stable: {"event": "state", "service": ..., "seq": ..., "initial": ..., "variables": {...}}.
#include "igdkit/igd/eventing/subscriber.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace igdkit::igd::eventing {

std::string short_service_name(const service_ref& s);
boost::json::object to_json(const report& r, const std::vector<service_ref>& services);
std::string describe(const report& r, const std::vector<service_ref>& services);

}  // namespace igdkit::igd::eventing
