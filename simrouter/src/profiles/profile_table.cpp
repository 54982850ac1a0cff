// The firmware profiles: what each imitates and the knobs it sets. Everything a profile does is
// in its row; apply_settings() maps the knobs onto router_options.
#include "profile_settings.hpp"

namespace igdkit::sim::detail {
namespace {

using namespace std::chrono_literals;

// The deviations miniupnpd 2.3.1 showed on the wire in the netns lab, as far as they are
// knobs; both builds share them (the v1 build only lacks the IGD:2-only actions).
constexpr profile_settings miniupnpd(igd_version v) {
  return {.version = v,
          .protocol_case_sensitive = false,
          .unknown_protocol_is_tcp = true,
          .ignore_remote_host = true,
          .foreign_client_is_718 = true,
          .delete_missing_succeeds = true,
          .empty_list_is_730 = false,
          .fault_xml_declaration = false,
          .ssdp_advertise_wanppp = true};
}

constexpr profile table[] = {
    {{"miniupnpd-v2",
      "IGD:2 as miniupnpd answers on the wire: DeletePortMapping of a missing entry -> 200 (not 714); "
      "NewProtocol in any letter case, unknown protocols (e.g. \"SCTP\") installed as TCP; NewRemoteHost "
      "ignored (entries are wildcard); another client's address in secure mode -> 718 (not 606); an empty "
      "GetListOfPortMappings -> empty list (not 730); fault bodies without the <?xml?> line; SSDP also "
      "answers WANPPPConnection:1 searches (and IGD:1 searches, as any IGD:2 device must). Not simulated: "
      "dispatch on SOAPACTION alone (any path, malformed body -> 200) and the fixed ~50 ms SSDP answer delay.",
      "miniupnpd 2.3.1 (Debian 12 miniupnpd-nftables) with IGD_V2, as observed in the netns lab"},
     miniupnpd(igd_version::v2)},
    {{"miniupnpd-v1",
      "The miniupnpd-v2 deviations on an IGD:1 tree (WANIPConnection:1): missing-entry delete -> 200, any-case "
      "and unknown protocols (as TCP), NewRemoteHost ignored, fault bodies without <?xml?>, SSDP answers "
      "WANPPPConnection:1.",
      "miniupnpd 2.x built without IGD_V2 (the same daemon, IGD:1 device tree)"},
     miniupnpd(igd_version::v1)},
    {{"permanent-lease-only",
      "IGD:1; AddPortMapping with a non-zero NewLeaseDuration -> 725 OnlyPermanentLeasesSupported (clients "
      "retry with 0).",
      "IGD:1 firmware without lease timers (725 is WANIPConnection:1's code for it)"},
     {.version = igd_version::v1, .lease = lease_policy::permanent_only_725}},
    {{"lease-402",
      "IGD:1; AddPortMapping with a non-zero NewLeaseDuration -> 402 Invalid Args instead of 725.",
      "consumer IGD:1 firmware that validates the lease as \"must be 0\" and reports a generic 402"},
     {.version = igd_version::v1, .lease = lease_policy::permanent_only_402}},
    {{"conflict-501", "An occupied (external port, protocol) -> 501 Action Failed instead of 718 ConflictInMappingEntry.",
      "firmware whose backend reports any failed rule insertion as a generic failure"},
     {.conflict = conflict_code::action_failed_501}},
    {{"same-port-only",
      "IGD:1; AddPortMapping with NewInternalPort != NewExternalPort -> 724 SamePortValuesRequired.",
      "IGD:1 routers whose NAT cannot translate ports (WANIPConnection:1 defines 724 for them)"},
     {.version = igd_version::v1, .same_port_only = true}},
    {{"case-sensitive-protocol",
      "NewProtocol must be exactly \"TCP\" or \"UDP\" (402 on IGD:1, 601 on IGD:2 otherwise): the spec rule, "
      "stated explicitly so that combining it with a lax-protocol profile is reported as a conflict.",
      "spec-strict stacks (WANIPConnection as written)"},
     {.protocol_case_sensitive = true, .unknown_protocol_is_tcp = false}},
    {{"soap-env-prefix", "SOAP responses and faults use the SOAP-ENV: envelope prefix instead of s:.",
      "routers built on generic SOAP toolkits (SOAP-ENV is, e.g., gSOAP's default prefix)"},
     {.envelope_prefix = "SOAP-ENV"}},
    {{"faultcode-caps", "Faults spell the SOAP code element <faultCode> (camel case) instead of <faultcode>.",
      "firmware with a hand-written fault template; clients should read errorCode, not the SOAP elements"},
     {.fault_code_camel_case = true}},
    {{"fault-no-faultstring", "Faults carry no <faultstring>, only faultcode and the UPnPError detail.",
      "minimal embedded SOAP servers that write the UPnPError detail only"},
     {.fault_string = false}},
    {{"chunked-responses",
      "SOAP replies, the device description and the SCPDs are sent with Transfer-Encoding: chunked instead of "
      "Content-Length (HEAD keeps Content-Length).",
      "routers whose embedded web server streams every reply (digest §8 lists chunked replies as a case "
      "clients must survive)"},
     {.chunked = true}},
    {{"bogus-urlbase",
      "The description carries <URLBase>http://0.0.0.0:80/</URLBase>: the unspecified address on a port "
      "nothing serves. Clients must resolve the service URLs against LOCATION instead.",
      "firmware that prints its bind address into URLBase (deprecated since UDA 1.1)"},
     {.url_base = "http://0.0.0.0:80/"}},
    {{"wanppp-only",
      "IGD:1 tree whose WANConnectionDevice holds WANPPPConnection:1 only (no WANIPConnection); port mapping "
      "and connection actions are served by the PPP service at /ctl/PPPConn.",
      "DSL (PPPoE) modem-routers"},
     {.version = igd_version::v1, .wan_connection = wan_connection_kind::ppp}},
    {{"two-wan-devices",
      "Two WANDevice subtrees: the first one's connection reports Disconnected and no external address; the "
      "second (/wan2/ctl/IPConn) is the live, Connected link. Both share the one mapping table.",
      "dual-WAN / DSL+Ethernet firmware listing an unused WAN port first"},
     {.wan_devices = 2}},
    {{"igd1-ssdp-igd2-desc",
      "SSDP advertises and answers only :1 device and service types (no answer to InternetGatewayDevice:2 or "
      "WANIPConnection:2 searches) while the description is IGD:2.",
      "IGD:2 firmware that keeps IGD:1 announcements for older control points"},
     {.version = igd_version::v2, .ssdp_max_type_version = 1}},
    {{"multicast-only-ssdp",
      "Unicast M-SEARCH is ignored; only searches sent to 239.255.255.250:1900 are answered. On loopback "
      "(never multicast) SSDP discovery therefore finds nothing: open LOCATION directly.",
      "UDA 1.0-era stacks that read only the multicast group"},
     {.ssdp_answer_unicast = false}},
    {{"exact-st-only",
      "Answers only an ST equal to one of its NOTIFY NT values: upnp:rootdevice, uuid:<UDN> and each type at "
      "exactly its advertised version. No answer to ssdp:all, nor to lower-version type searches (e.g. "
      "InternetGatewayDevice:1 on an IGD:2 router).",
      "simple firmware that string-compares ST against its NT list"},
     {.ssdp_st_matching = ssdp::st_matching::exact}},
    {{"external-ip-zero",
      "For 2 s after boot or reboot GetStatusInfo says Connecting and GetExternalIPAddress answers 0.0.0.0 "
      "(not empty); then Connected with the real address.",
      "routers still bringing up PPPoE/DHCP on the WAN side, reporting 0.0.0.0 meanwhile"},
     {.external_ip_zeros_when_unknown = true, .connect_delay = 2s}},
    {{"reboot-forgets",
      "A reboot loses the mapping table and bumps BOOTID.UPNP.ORG; the lab does not restore its state file.",
      "firmware that keeps port mappings in RAM only"},
     {.reboot_forgets = true}},
    {{"no-eventing",
      "SUBSCRIBE and UNSUBSCRIBE on every event URL -> 501 Not Implemented (the eventSubURLs stay in the "
      "description).",
      "firmware built without GENA (miniupnpd without ENABLE_EVENTS, many ISP boxes); clients must poll"},
     {.eventing = false}},
    {{"no-initial-event",
      "Subscriptions are granted but the initial event (SEQ 0, every evented variable) is never sent; the first "
      "change arrives with SEQ 1.",
      "stacks that only event changes, leaving a new subscriber without the current values"},
     {.initial_event = false}},
    {{"event-content-type-plain",
      "NOTIFY bodies are sent with Content-Type: text/plain instead of text/xml; charset=\"utf-8\".",
      "embedded web servers that label every body text/plain"},
     {.event_content_type = "text/plain"}},
    {{"small-table",
      "At most 4 port mappings: the fifth new one -> 728 NoPortMapsAvailable on IGD:2 (501 on IGD:1).",
      "low-memory routers with a tiny NAT rule table"},
     {.max_mappings = 4}},
    {{"status-up", "GetStatusInfo reports NewConnectionStatus \"Up\" instead of \"Connected\" while connected.",
      "firmware that words the link state as Up/Down; clients should accept both"},
     {.connected_status = "Up"}},
};

}  // namespace

std::span<const profile> profile_table() { return table; }

const profile* find_profile(std::string_view name) noexcept {
  for (const auto& p : table)
    if (p.info.name == name) return &p;
  return nullptr;
}

}  // namespace igdkit::sim::detail
