#pragma once
// JSON views (Boost.JSON, snake_case keys) of client results, for igdctl --json and logs.
// Views only: nothing parses these back.
#include "igdkit/igd/client_types.hpp"

#include <boost/json/object.hpp>

#include <system_error>

namespace igdkit::igd {

// {location, st, usn, server, response_ms}
boost::json::object to_json(const ssdp::search_result& found);
// {location, friendly_name, manufacturer, model_name, udn, service_type, control_url, version,
//  connection_status, last_connection_error, uptime_s, external_ip, rank, st, usn, server}
boost::json::object to_json(const gateway& g);
// {external_port, protocol, internal_client, internal_port, enabled, description, lease_s, remote_host}
boost::json::object to_json(const mapping_entry& e);
// {external_port, internal_port, internal_client, lease_s, attempts, workarounds[]}
boost::json::object to_json(const mapping_result& r);
boost::json::object to_json(const get_status_info_response& s);
boost::json::object to_json(const get_common_link_properties_response& l);
// {error: {category, value, message, name?, description?}}
// `context` picks the meaning of codes two services define differently (703..711).
boost::json::object error_to_json(std::error_code ec, const diagnostics& d,
                                  soap::error_context context = soap::error_context::port_mapping);

std::string_view to_string(igd_status s) noexcept;

}  // namespace igdkit::igd
