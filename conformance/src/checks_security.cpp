// Security (IGD:2 §2.5.16.2 access control; digest §6.3, §6.4): secure mode, an oversized
// request, and, in a --wan-side run from upstream of the device, no SSDP, description or
// control on its WAN address.
#include "check_support.hpp"

#include "igdkit/soap/request.hpp"


namespace igdkit::conformance::support {
namespace security_group {

std::string other_host(const session& s) {
  auto b = s.facts().our_address.to_bytes();
  b[3] = static_cast<unsigned char>(b[3] == 250 ? 249 : 250);
  return boost::asio::ip::address_v4(b).to_string();
}

void secure_mode(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  const auto target = other_host(s);
  mapping_request req(*port, *port);
  req.internal_client = target;
  auto a = s.add_mapping(req);
  if (a.succeeded()) {
    return fail(r, "a mapping to " + target + ", another LAN host than the caller, was accepted");
  }
  if (a.upnp_code() != 606 && a.upnp_code() != 718) fail(r, describe(a) + ", expected 606 Action not authorized (or 718 on v1)");
}

void oversized_request(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  std::string body(std::size_t{4} << 20, ' ');
  auto a = s.post(*wan, "GetExternalIPAddress", soap::soap_action_header(wan->service_type, "GetExternalIPAddress"),
                  std::string("text/xml; charset=\"utf-8\""), std::move(body));
  if (a.http.answered() && a.http.status == 200 && !a.outcome.response.fault) fail(r, "a 4 MiB body was accepted");
  auto after = s.call(*wan, "GetExternalIPAddress", {});
  if (!after.succeeded()) fail(r, "the service stopped answering after a 4 MiB body: " + describe(after));
}

void wan_ssdp_silent(session& s, check_result& r) {
  if (!s.options().ssdp_endpoint && !s.options().location) return skip(r, "name the WAN side with --unicast or --url");
  auto answers = s.search(msearch(s, "upnp:rootdevice"));
  if (!answers.empty()) fail(r, "the WAN side answered an M-SEARCH (" + std::to_string(answers.size()) + " answers)");
}

void wan_description_closed(session& s, check_result& r) {
  if (!s.options().location) return skip(r, "name the description's URL on the WAN address with --url");
  const auto& f = s.facts().description_fetch;
  r.evidence.push_back({"GET " + std::string(s.facts().location.buffer()), trim_evidence(to_text(f)), f.error ? f.error.message() : ""});
  if (f.answered() && f.status == 200) fail(r, "the description is served on the WAN side");
}

void wan_control_closed(session& s, check_result& r) {
  if (!s.options().location) return skip(r, "name the description's URL on the WAN address with --url");
  // The control paths of common stacks (miniupnpd and simrouter, libupnp and AVM, others):
  // none may run an action for a WAN host.
  igd::service svc;
  svc.service_type = "urn:schemas-upnp-org:service:WANIPConnection:1";
  for (auto path : {"/ctl/IPConn", "/upnp/control/WANIPConn1", "/upnp/control/wanipconnection1", "/ipc"}) {
    svc.control_url = s.facts().location;
    svc.control_url.set_encoded_path(path);
    auto a = s.call(svc, "GetExternalIPAddress", {});
    if (a.succeeded()) fail(r, std::string("GetExternalIPAddress on ") + path + " was answered on the WAN side");
  }
}

constexpr auto g = group::security;
const check_def table[] = {
    {{"security.secure-mode", g, severity::should, "WANIPConnection:2 §2.5.16.2", "a mapping for another LAN host than the caller is refused"}, secure_mode},
    {{"security.oversized-request", g, severity::must, "digest §6.4", "a 4 MiB control body is refused and the service keeps working"}, oversized_request},
    {{"security.wan-ssdp-silent", g, severity::must, "UDA 2.0 §1.3; digest §6.3", "no SSDP answer on the WAN side", false, true}, wan_ssdp_silent},
    {{"security.wan-description-closed", g, severity::must, "IGD:2 §2.5.16.2; digest §6.4", "no description on the WAN side", false, true}, wan_description_closed},
    {{"security.wan-control-closed", g, severity::must, "IGD:2 §2.5.16.2; digest §6.4", "no control on the WAN side", false, true}, wan_control_closed},
};

}  // namespace security_group

std::span<const check_def> security_checks() { return security_group::table; }

}  // namespace igdkit::conformance::support
