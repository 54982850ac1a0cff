#pragma once
// Keeper events as JSON objects, for igdctl expose --json (one object per line) and embedders'
// logs: {"event": "mapping_up", "set": ..., ...}. Field names are stable.
#include "igdkit/igd/keeper/events.hpp"

#include <boost/json/object.hpp>

namespace igdkit::igd::keeper {

boost::json::object to_json(const event& e);

}  // namespace igdkit::igd::keeper
