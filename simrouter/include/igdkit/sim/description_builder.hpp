#pragma once
// Root device description (digest §2.1) rendered from a device_layout with pugixml, so every
// text value (friendly name, model, ...) is escaped by the XML writer, never concatenated.
#include "igdkit/sim/device_layout.hpp"

#include <string>

namespace igdkit::sim {

std::string build_root_description(const root_layout& layout);

}  // namespace igdkit::sim
