#pragma once
// WANIPConnection :1/:2 and WANPPPConnection :1 actions (digest §4.1, §5.3).
// Each action is a tag type: name, availability, request and response structs. Each struct
// holds typed members and its one wire table, fields(), in SCPD order.
#include "igdkit/igd/actions/field.hpp"
#include "igdkit/igd/actions/service.hpp"
#include "igdkit/igd/actions/values.hpp"

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace igdkit::igd {

// ---- AddPortMapping / AddAnyPortMapping ------------------------------------------------------
struct add_port_mapping_request {
  host_address remote_host;  // empty = any remote host
  std::uint16_t external_port = 0;
  wire_protocol protocol;
  std::uint16_t internal_port = 0;
  host_address internal_client;
  bool enabled = true;
  std::string description;
  std::chrono::seconds lease{0};

  using S = add_port_mapping_request;
  // Also GetGenericPortMappingEntry's outputs: an entry is its port, protocol and target; the
  // rest may be absent or garbled (presence marks only matter when decoding a response).
  static constexpr auto fields() {
    return std::tuple{field{"NewRemoteHost", &S::remote_host, presence::optional},
                      field{"NewExternalPort", &S::external_port},
                      field{"NewProtocol", &S::protocol},
                      field{"NewInternalPort", &S::internal_port},
                      field{"NewInternalClient", &S::internal_client},
                      field{"NewEnabled", &S::enabled, presence::optional},
                      field{"NewPortMappingDescription", &S::description, presence::optional},
                      field{"NewLeaseDuration", &S::lease, presence::optional}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct add_port_mapping {
  static constexpr std::string_view name = "AddPortMapping";
  static constexpr action_availability availability = port_mapping_v1;
  using request = add_port_mapping_request;
  using response = no_arguments;
};

struct add_any_port_mapping_response {
  std::uint16_t reserved_port = 0;

  using S = add_any_port_mapping_response;
  static constexpr auto fields() { return std::tuple{field{"NewReservedPort", &S::reserved_port}}; }
  friend bool operator==(const S&, const S&) = default;
};

struct add_any_port_mapping {
  static constexpr std::string_view name = "AddAnyPortMapping";
  static constexpr action_availability availability = port_mapping_v2;
  using request = add_port_mapping_request;
  using response = add_any_port_mapping_response;
};

// ---- DeletePortMapping / GetSpecificPortMappingEntry (mapping identity) ------------------------
struct port_mapping_key {
  host_address remote_host;
  std::uint16_t external_port = 0;
  wire_protocol protocol;

  using S = port_mapping_key;
  static constexpr auto fields() {
    return std::tuple{field{"NewRemoteHost", &S::remote_host}, field{"NewExternalPort", &S::external_port},
                      field{"NewProtocol", &S::protocol}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct delete_port_mapping {
  static constexpr std::string_view name = "DeletePortMapping";
  static constexpr action_availability availability = port_mapping_v1;
  using request = port_mapping_key;
  using response = no_arguments;
};

struct specific_port_mapping_entry {
  std::uint16_t internal_port = 0;
  host_address internal_client;
  bool enabled = true;
  std::string description;
  std::chrono::seconds lease{0};  // remaining lease

  using S = specific_port_mapping_entry;
  static constexpr auto fields() {
    // Where the mapping points is the answer; flags, text and lease are extras.
    return std::tuple{field{"NewInternalPort", &S::internal_port}, field{"NewInternalClient", &S::internal_client},
                      field{"NewEnabled", &S::enabled, presence::optional},
                      field{"NewPortMappingDescription", &S::description, presence::optional},
                      field{"NewLeaseDuration", &S::lease, presence::optional}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct get_specific_port_mapping_entry {
  static constexpr std::string_view name = "GetSpecificPortMappingEntry";
  static constexpr action_availability availability = port_mapping_v1;
  using request = port_mapping_key;
  using response = specific_port_mapping_entry;
};

// ---- GetGenericPortMappingEntry ---------------------------------------------------------------
struct get_generic_port_mapping_entry_request {
  std::uint16_t index = 0;  // 0-based

  using S = get_generic_port_mapping_entry_request;
  static constexpr auto fields() { return std::tuple{field{"NewPortMappingIndex", &S::index}}; }
  friend bool operator==(const S&, const S&) = default;
};

// Same fields as AddPortMapping's in-arguments, in the same order.
using generic_port_mapping_entry = add_port_mapping_request;

struct get_generic_port_mapping_entry {
  static constexpr std::string_view name = "GetGenericPortMappingEntry";
  static constexpr action_availability availability = port_mapping_v1;
  using request = get_generic_port_mapping_entry_request;
  using response = generic_port_mapping_entry;
};

// ---- DeletePortMappingRange / GetListOfPortMappings (v2) ----------------------------------------
struct delete_port_mapping_range_request {
  std::uint16_t start_port = 0;
  std::uint16_t end_port = 0;
  wire_protocol protocol;
  bool manage = false;

  using S = delete_port_mapping_range_request;
  static constexpr auto fields() {
    return std::tuple{field{"NewStartPort", &S::start_port}, field{"NewEndPort", &S::end_port},
                      field{"NewProtocol", &S::protocol}, field{"NewManage", &S::manage}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct delete_port_mapping_range {
  static constexpr std::string_view name = "DeletePortMappingRange";
  static constexpr action_availability availability = port_mapping_v2;
  using request = delete_port_mapping_range_request;
  using response = no_arguments;
};

struct get_list_of_port_mappings_request {
  std::uint16_t start_port = 0;
  std::uint16_t end_port = 0;
  wire_protocol protocol;
  bool manage = false;
  std::uint16_t number_of_ports = 0;  // 0 = all

  using S = get_list_of_port_mappings_request;
  static constexpr auto fields() {
    return std::tuple{field{"NewStartPort", &S::start_port}, field{"NewEndPort", &S::end_port},
                      field{"NewProtocol", &S::protocol}, field{"NewManage", &S::manage},
                      field{"NewNumberOfPorts", &S::number_of_ports}};
  }
  friend bool operator==(const S&, const S&) = default;
};

// The listing stays a string here; port_listing.hpp parses/builds its XML.
struct get_list_of_port_mappings_response {
  std::string port_listing;

  using S = get_list_of_port_mappings_response;
  static constexpr auto fields() { return std::tuple{field{"NewPortListing", &S::port_listing}}; }
  friend bool operator==(const S&, const S&) = default;
};

struct get_list_of_port_mappings {
  static constexpr std::string_view name = "GetListOfPortMappings";
  static constexpr action_availability availability = port_mapping_v2;
  using request = get_list_of_port_mappings_request;
  using response = get_list_of_port_mappings_response;
};

// ---- Connection actions -----------------------------------------------------------------------
struct get_external_ip_address_response {
  std::optional<boost::asio::ip::address> external_ip;  // nullopt: the router sent "" (unknown)

  using S = get_external_ip_address_response;
  static constexpr auto fields() { return std::tuple{field{"NewExternalIPAddress", &S::external_ip}}; }
  friend bool operator==(const S&, const S&) = default;
};

struct get_external_ip_address {
  static constexpr std::string_view name = "GetExternalIPAddress";
  static constexpr action_availability availability = port_mapping_v1;
  using request = no_arguments;
  using response = get_external_ip_address_response;
};

struct get_status_info_response {
  std::string connection_status;      // "Connected", "Disconnected", ... (open set: kept as text)
  std::string last_connection_error;  // "ERROR_NONE", ...
  std::chrono::seconds uptime{0};

  using S = get_status_info_response;
  static constexpr auto fields() {
    // The status ranks the gateway; error text and uptime are informational (Huawei HG531
    // sends NewUpTime, others leave it out).
    return std::tuple{field{"NewConnectionStatus", &S::connection_status},
                      field{"NewLastConnectionError", &S::last_connection_error, presence::optional},
                      field{"NewUptime", &S::uptime, presence::optional}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct get_status_info {
  static constexpr std::string_view name = "GetStatusInfo";
  static constexpr action_availability availability = port_mapping_v1;
  using request = no_arguments;
  using response = get_status_info_response;
};

struct get_connection_type_info_response {
  std::string connection_type;            // "IP_Routed", ...
  std::string possible_connection_types;  // CSV

  using S = get_connection_type_info_response;
  static constexpr auto fields() {
    return std::tuple{field{"NewConnectionType", &S::connection_type},
                      field{"NewPossibleConnectionTypes", &S::possible_connection_types, presence::optional}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct get_connection_type_info {
  static constexpr std::string_view name = "GetConnectionTypeInfo";
  static constexpr action_availability availability = port_mapping_v1;
  using request = no_arguments;
  using response = get_connection_type_info_response;
};

struct set_connection_type_request {
  std::string connection_type;

  using S = set_connection_type_request;
  static constexpr auto fields() { return std::tuple{field{"NewConnectionType", &S::connection_type}}; }
  friend bool operator==(const S&, const S&) = default;
};

struct set_connection_type {
  static constexpr std::string_view name = "SetConnectionType";
  static constexpr action_availability availability = port_mapping_v1;
  using request = set_connection_type_request;
  using response = no_arguments;
};

struct request_connection {
  static constexpr std::string_view name = "RequestConnection";
  static constexpr action_availability availability = port_mapping_v1;
  using request = no_arguments;
  using response = no_arguments;
};

struct request_termination {
  static constexpr std::string_view name = "RequestTermination";
  static constexpr action_availability availability = port_mapping_v1;
  using request = no_arguments;
  using response = no_arguments;
};

struct force_termination {
  static constexpr std::string_view name = "ForceTermination";
  static constexpr action_availability availability = port_mapping_v1;
  using request = no_arguments;
  using response = no_arguments;
};

struct get_nat_rsip_status_response {
  bool rsip_available = false;
  bool nat_enabled = true;

  using S = get_nat_rsip_status_response;
  // The IGD:2 PDF spells it NewNATEEnabled; SCPDs and miniupnpd say NewNATEnabled. Emit the latter.
  static constexpr auto fields() {
    return std::tuple{field{"NewRSIPAvailable", &S::rsip_available, presence::optional},
                      field{"NewNATEnabled", &S::nat_enabled, "NewNATEEnabled"}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct get_nat_rsip_status {
  static constexpr std::string_view name = "GetNATRSIPStatus";
  static constexpr action_availability availability = port_mapping_v1;
  using request = no_arguments;
  using response = get_nat_rsip_status_response;
};

}  // namespace igdkit::igd
