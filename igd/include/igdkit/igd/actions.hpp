#pragma once
// Umbrella for the typed action table: value codecs, field tables, per-service actions, the
// generic SOAP glue and the port listing.
#include "igdkit/igd/actions/action.hpp"
#include "igdkit/igd/actions/codec.hpp"
#include "igdkit/igd/actions/common_interface.hpp"
#include "igdkit/igd/actions/connection_settings.hpp"
#include "igdkit/igd/actions/field.hpp"
#include "igdkit/igd/actions/firewall.hpp"
#include "igdkit/igd/actions/port_listing.hpp"
#include "igdkit/igd/actions/port_mapping.hpp"
#include "igdkit/igd/actions/service.hpp"
#include "igdkit/igd/actions/values.hpp"
