#pragma once
// What the check files share: verdict helpers, the prerequisites most checks need (a parsed
// description, the WAN connection service, a version), and readers for SOAP answers and
// raw headers. Internal to the conformance library.
#include "igdkit/conformance/session.hpp"
#include "igdkit/conformance/suite.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace igdkit::conformance::support {

void fail(check_result& r, std::string_view why);
void skip(check_result& r, std::string_view why);
void note(check_result& r, std::string_view what);  // a remark on a pass

// Skips `r` (and returns nullptr) when the device has no such service.
const igd::description* need_description(session& s, check_result& r);
const igd::service* need_wan(session& s, check_result& r);
const igd::service* need_service(session& s, check_result& r, igd::service_kind kind);
bool need_version(session& s, check_result& r, unsigned min_version);
bool need_destructive(session& s, check_result& r);
// A port the device says is unmapped (session::free_port); fails `r` when it will not say.
std::optional<std::uint16_t> need_free_port(session& s, check_result& r, protocol proto = protocol::tcp);

// "HTTP 500, UPnPError 402 (Invalid Args)", "HTTP 200", "no answer: Connection refused".
std::string describe(const soap_answer& a);
std::string describe(const http_answer& a);
std::optional<std::string> out_arg(const soap_answer& a, std::string_view name);
// A boolean as UDA writes it: 0/1, or the deprecated true/false and yes/no (exact spelling).
bool is_boolean(const std::optional<std::string>& text);
// An out argument as an unsigned decimal (text::parse_decimal: digits only, at most `max`).
std::optional<std::uint64_t> numeric_arg(const soap_answer& a, std::string_view name,
                                         std::uint64_t max = UINT32_MAX);

// The value of header `name` in a raw HTTP-like message (case-insensitive, first one).
std::optional<std::string> raw_header(std::string_view message, std::string_view name);
std::optional<std::string> header(const http_answer& a, std::string_view name);

// A unicast M-SEARCH for `st` to the device (no MX, HOST naming the device, as UDA 1.1 asks).
std::string msearch(const session& s, std::string_view st, std::string_view man = "\"ssdp:discover\"");

// Port-mapping arguments for the suite's own mapping.
soap::argument_list mapping_key(std::uint16_t port, protocol proto, std::string remote_host = {});

// Each group's checks (one file per group).
std::span<const check_def> ssdp_checks();
std::span<const check_def> description_checks();
std::span<const check_def> scpd_checks();  // group description
std::span<const check_def> soap_checks();
std::span<const check_def> wanip_checks();
std::span<const check_def> wanip_v2_checks();
std::span<const check_def> wancommon_checks();
std::span<const check_def> firewall_checks();
std::span<const check_def> gena_checks();
std::span<const check_def> security_checks();

}  // namespace igdkit::conformance::support
