// WANIPConnection:2 only (§2.5; digest §4.3–4.5): leases, AddAnyPortMapping, the listing and
// range actions. The listing is read with igd's own parser, as the client reads it.
#include "check_support.hpp"

#include "igdkit/igd/actions/port_listing.hpp"


namespace igdkit::conformance::support {
namespace wanip_v2_group {

constexpr std::uint32_t week = 604800;

const igd::service* need_v2(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return nullptr;
  if (wan->kind != igd::service_kind::wan_ip_connection || wan->version < 2) {
    skip(r, "applies to WANIPConnection:2; the device offers " + wan->service_type);
    return nullptr;
  }
  return wan;
}

std::optional<std::uint64_t> lease_of(session& s, const igd::service& wan, std::uint16_t port) {
  return numeric_arg(s.call(wan, "GetSpecificPortMappingEntry", mapping_key(port, protocol::tcp)), "NewLeaseDuration");
}

void lease_clamped(session& s, check_result& r, std::string asked) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  mapping_request req(*port, *port);
  req.lease = asked;
  auto a = s.add_mapping(req);
  if (!a.succeeded()) return fail(r, "AddPortMapping with lease " + asked + ": " + describe(a));
  auto lease = lease_of(s, *wan, *port);
  if (!lease || *lease == 0 || *lease > week)
    fail(r, "a lease of " + asked + " reads back as " + (lease ? std::to_string(*lease) : "(unreadable)") +
                ", expected at most 604800 and not 0 (no infinite leases on IGD:2)");
}

void lease_zero(session& s, check_result& r) { lease_clamped(s, r, "0"); }
void lease_over_week(session& s, check_result& r) { lease_clamped(s, r, "700000"); }

void different_internal_port(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  const auto internal = static_cast<std::uint16_t>(*port == 65535 ? 1025 : *port + 1);
  auto a = s.add_mapping(*port, protocol::tcp, internal);
  if (a.succeeded()) return;
  fail(r, "ExternalPort " + std::to_string(*port) + " -> InternalPort " + std::to_string(internal) + ": " + describe(a) +
              (a.upnp_code() == 724 ? " (724 is deprecated in IGD:2, which must map one port number to another)" : ""));
}

void internal_port_zero(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  auto a = s.add_mapping(*port, protocol::tcp, 0);
  if (a.upnp_code() != 732) fail(r, "InternalPort 0: " + describe(a) + ", expected 732 WildCardNotPermittedInIntPort");
}

void add_any(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  auto a = s.call(*wan, "AddAnyPortMapping", s.mapping_arguments(mapping_request(*port, *port)));
  if (!a.succeeded()) return fail(r, "AddAnyPortMapping of a free port: " + describe(a));
  const auto reserved = out_arg(a, "NewReservedPort").value_or("");
  const auto granted = numeric_arg(a, "NewReservedPort", 65535);
  if (!granted || *granted == 0) return fail(r, "NewReservedPort is '" + reserved + "'");
  const auto got = static_cast<std::uint16_t>(*granted);
  s.created({"", got, protocol::tcp});
  if (got != *port) fail(r, "asked for free port " + std::to_string(*port) + ", reserved " + reserved);
  if (!lease_of(s, *wan, got)) fail(r, "no mapping at the reserved port " + reserved);
}

std::optional<std::vector<igd::port_mapping_entry>> listing(session& s, check_result& r, const igd::service& wan, std::uint16_t first,
                                         std::uint16_t last, std::string count, int* code = nullptr) {
  auto a = s.call(wan, "GetListOfPortMappings",
                  {{"NewStartPort", std::to_string(first)}, {"NewEndPort", std::to_string(last)}, {"NewProtocol", "TCP"},
                   {"NewManage", "0"}, {"NewNumberOfPorts", std::move(count)}});
  if (code) *code = a.upnp_code();
  if (!a.succeeded()) {
    if (!code) fail(r, "GetListOfPortMappings " + std::to_string(first) + "-" + std::to_string(last) + ": " + describe(a));
    return std::nullopt;
  }
  auto text = out_arg(a, "NewPortListing").value_or("");
  auto parsed = igd::parse_port_listing(text);
  if (!parsed) {
    fail(r, "NewPortListing does not parse: " + parsed.error().message());
    return std::nullopt;
  }
  return std::move(*parsed);
}

bool has_port(const std::vector<igd::port_mapping_entry>& l, std::uint16_t port) {
  for (const auto& e : l) {
    if (e.external_port == port) return true;
  }
  return false;
}

// Two of our mappings on consecutive free ports, or nullopt.
std::optional<std::uint16_t> two_mappings(session& s, check_result& r) {
  for (int tries = 0; tries < 8; ++tries) {
    auto a = s.free_port(protocol::tcp);
    auto b = s.free_port(protocol::tcp);
    if (!a || !b) break;
    if (*b != *a + 1) continue;
    auto x = s.add_mapping(*a, protocol::tcp, *a);
    auto y = s.add_mapping(*b, protocol::tcp, *b);
    if (!x.succeeded() || !y.succeeded()) {
      fail(r, "AddPortMapping: " + describe(x.succeeded() ? y : x));
      return std::nullopt;
    }
    return *a;
  }
  fail(r, "no two consecutive free ports found");
  return std::nullopt;
}

void list_format(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  auto a = s.add_mapping(*port, protocol::tcp, *port);
  if (!a.succeeded()) return fail(r, "AddPortMapping: " + describe(a));
  auto l = listing(s, r, *wan, *port, *port, "0");
  if (!l) return;
  if (l->size() != 1 || !has_port(*l, *port)) return fail(r, "the listing of our one port has " + std::to_string(l->size()) + " entries");
  const auto& e = l->front();
  if (e.internal_port != *port || e.internal_client.text() != s.facts().our_address.to_string() || e.description != "igdkit conformance")
    fail(r, "the entry does not hold the values of our mapping");
}

void list_range(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  auto first = two_mappings(s, r);
  if (!first) return;
  auto l = listing(s, r, *wan, *first, *first, "0");
  if (!l) return;
  if (!has_port(*l, *first) || has_port(*l, static_cast<std::uint16_t>(*first + 1)))
    fail(r, "the range " + std::to_string(*first) + "-" + std::to_string(*first) + " lists ports outside it or misses ours");
}

void list_number_of_ports(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  auto first = two_mappings(s, r);
  if (!first) return;
  auto l = listing(s, r, *wan, *first, static_cast<std::uint16_t>(*first + 1), "1");
  if (!l) return;
  if (l->size() != 1) fail(r, "NewNumberOfPorts 1 gave " + std::to_string(l->size()) + " entries");
}

void list_empty(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  int code = 0;
  auto l = listing(s, r, *wan, *port, *port, "0", &code);
  if (l) return fail(r, "an empty range gave a listing of " + std::to_string(l->size()) + " entries, expected 730 PortMappingNotFound");
  if (code != 730) fail(r, "an empty range: UPnPError " + std::to_string(code) + ", expected 730 PortMappingNotFound");
}

void list_inconsistent(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  int code = 0;
  (void)listing(s, r, *wan, 42010, 42000, "0", &code);
  if (code != 733) fail(r, "NewStartPort > NewEndPort: UPnPError " + std::to_string(code) + ", expected 733 InconsistentParameters");
}

soap_answer delete_range(session& s, const igd::service& wan, std::uint16_t first, std::uint16_t last) {
  return s.call(wan, "DeletePortMappingRange",
                {{"NewStartPort", std::to_string(first)}, {"NewEndPort", std::to_string(last)}, {"NewProtocol", "TCP"}, {"NewManage", "0"}});
}

void delete_range_inconsistent(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  auto a = delete_range(s, *wan, 42010, 42000);
  if (a.upnp_code() != 733) fail(r, "NewStartPort > NewEndPort: " + describe(a) + ", expected 733 InconsistentParameters");
}

void delete_range_empty(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  auto a = delete_range(s, *wan, *port, *port);
  if (a.upnp_code() != 730) fail(r, "an empty range: " + describe(a) + ", expected 730 PortMappingNotFound");
}

void delete_range_ours(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  auto first = two_mappings(s, r);
  if (!first) return;
  const auto second = static_cast<std::uint16_t>(*first + 1);
  auto a = delete_range(s, *wan, *first, second);
  if (!a.succeeded()) return fail(r, "DeletePortMappingRange of our two mappings: " + describe(a));
  for (auto p : {*first, second}) {
    if (lease_of(s, *wan, p)) fail(r, "port " + std::to_string(p) + " is still mapped after the range delete");
    else s.removed({"", p, protocol::tcp});
  }
}

void full_listing(session& s, check_result& r) {
  auto* wan = need_v2(s, r);
  if (!wan) return;
  int code = 0;
  auto l = listing(s, r, *wan, 0, 65535, "0", &code);
  std::size_t walked_tcp = 0;
  unsigned i = 0;
  for (; i < 4096; ++i) {
    auto a = s.call(*wan, "GetGenericPortMappingEntry", {{"NewPortMappingIndex", std::to_string(i)}});
    if (!a.succeeded()) break;
    walked_tcp += out_arg(a, "NewProtocol") == std::string("TCP");
  }
  if (i == 4096) return skip(r, "more than 4096 mappings");
  const std::size_t listed = l ? l->size() : 0;
  if (!l && code != 730) return fail(r, "GetListOfPortMappings 0-65535 TCP: UPnPError " + std::to_string(code));
  if (listed != walked_tcp)
    fail(r, "the full TCP listing has " + std::to_string(listed) + " entries, the generic walk " + std::to_string(walked_tcp));
}

constexpr std::string_view v2 = "WANIPConnection:2 §2.5";
constexpr auto g = group::wanip;
const check_def table[] = {
    {{"wanip.v2-lease-zero", g, severity::must, "WANIPConnection:2 §2.3.16", "lease 0 means 604800 s on IGD:2"}, lease_zero},
    {{"wanip.v2-lease-over-week", g, severity::must, "WANIPConnection:2 §2.3.16", "a lease above 604800 s is capped at 604800"}, lease_over_week},
    {{"wanip.v2-different-internal-port", g, severity::must, "WANIPConnection:2 §1.2", "one port number maps to another"}, different_internal_port},
    {{"wanip.v2-internal-port-zero", g, severity::must, "WANIPConnection:2 §2.5.16 (732)", "InternalPort 0 gets 732"}, internal_port_zero},
    {{"wanip.v2-add-any", g, severity::must, "WANIPConnection:2 §2.5.18", "AddAnyPortMapping of a free port reserves that port"}, add_any},
    {{"wanip.v2-list-format", g, severity::must, "WANIPConnection:2 §2.5.20, §2.3.25", "GetListOfPortMappings gives a PortMappingList with our entry"}, list_format},
    {{"wanip.v2-list-range", g, severity::must, "WANIPConnection:2 §2.5.20", "the listing keeps to its port range"}, list_range},
    {{"wanip.v2-list-number-of-ports", g, severity::must, "WANIPConnection:2 §2.5.20", "NewNumberOfPorts caps the listing"}, list_number_of_ports},
    {{"wanip.v2-list-empty", g, severity::should, "WANIPConnection:2 §2.5.20 (730)", "an empty range gets 730 PortMappingNotFound"}, list_empty},
    {{"wanip.v2-list-inconsistent", g, severity::must, "WANIPConnection:2 §2.5.20 (733)", "start > end gets 733"}, list_inconsistent},
    {{"wanip.v2-delete-range-inconsistent", g, severity::must, "WANIPConnection:2 §2.5.19 (733)", "DeletePortMappingRange start > end gets 733"}, delete_range_inconsistent},
    {{"wanip.v2-delete-range-empty", g, severity::must, "WANIPConnection:2 §2.5.19 (730)", "DeletePortMappingRange of an empty range gets 730", true}, delete_range_empty},
    {{"wanip.v2-delete-range", g, severity::must, "WANIPConnection:2 §2.5.19", "DeletePortMappingRange removes our mappings in the range", true}, delete_range_ours},
    {{"wanip.v2-full-listing", g, severity::should, v2, "the full listing agrees with the generic walk", true}, full_listing},
};

}  // namespace wanip_v2_group

std::span<const check_def> wanip_v2_checks() { return wanip_v2_group::table; }

}  // namespace igdkit::conformance::support
