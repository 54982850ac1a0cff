#pragma once
// What a service's evented state variables (sendEvents="yes" in its SCPD) hold now, as GENA
// properties in SCPD order. Each value is read through the same action a control point would
// call (GetExternalIPAddress, GetStatusInfo, ...), so an event can never disagree with a read;
// the variables without a getter (PortMappingNumberOfEntries, SystemUpdateID,
// NumberOfActiveConnections) come from the table itself.
#include "igdkit/gena/propertyset.hpp"
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/igd_handler.hpp"

#include <vector>

namespace igdkit::sim {

std::vector<gena::property> evented_values(igd_handler& igd, const service_layout& service, clock::time_point now);

}  // namespace igdkit::sim
