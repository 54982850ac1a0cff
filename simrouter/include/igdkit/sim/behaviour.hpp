#pragma once
// Quirk knobs that firmware profiles set to imitate real routers. A default-constructed
// behaviour is the spec exactly (WANIPConnection:1/:2 as digested in §4).
#include <chrono>
#include <cstdint>
#include <string>

namespace igdkit::sim {

enum class lease_policy {
  spec,                  // v1: 0 = permanent, any lease accepted; v2: 0 or > 604800 -> 604800
  permanent_only_725,    // non-zero lease -> 725 OnlyPermanentLeasesSupported (v1 routers)
  permanent_only_402,    // non-zero lease -> 402 Invalid Args (seen on some consumer firmware)
};

enum class conflict_code { conflict_718, action_failed_501 };

struct behaviour {
  lease_policy lease = lease_policy::spec;
  conflict_code conflict = conflict_code::conflict_718;  // what an occupied (port, proto) answers
  bool same_port_only = false;              // InternalPort must equal ExternalPort -> 724 (v1)
  bool remote_host_wildcard_only = false;   // specific NewRemoteHost -> 726 (v1)
  bool external_port_wildcard_only = false; // non-zero NewExternalPort -> 727 (v1)
  bool protocol_case_sensitive = true;      // spec: exactly "TCP"/"UDP"; false accepts "tcp"
  bool unknown_protocol_is_tcp = false;     // miniupnpd installs e.g. "SCTP" as TCP instead of 402/601
  bool ignore_remote_host = false;          // miniupnpd: NewRemoteHost is ignored, entries are wildcard
  bool foreign_client_is_718 = false;       // v2: another InternalClient in secure mode -> 718 (miniupnpd), not 606
  bool delete_missing_succeeds = false;     // spec 714; miniupnpd-era firmware answers 200
  bool empty_list_is_730 = true;            // GetListOfPortMappings with no match: 730 (spec) or empty list (miniupnpd)
  std::string connected_status = "Connected";  // some firmware says "Up"
  bool external_ip_zeros_when_unknown = false; // "0.0.0.0" instead of "" while not connected
  // After boot (or reboot) the link reports Connecting for this long, then Connected, like a
  // router still negotiating PPPoE/DHCP on its WAN side. 0 = connected at once.
  std::chrono::seconds connect_delay{0};
  bool full_width_counters = false;         // TotalBytes/Packets above 2^32 instead of the ui4 wrap
};

}  // namespace igdkit::sim
