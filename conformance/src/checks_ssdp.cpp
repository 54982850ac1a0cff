// SSDP search answers (UDA 2.0 §1.3; digest §1.3, §1.4), asked by unicast M-SEARCH.
#include "check_support.hpp"

#include "igdkit/text.hpp"

#include "igdkit/ssdp/parse.hpp"


namespace igdkit::conformance::support {
namespace ssdp_group {

std::string igd_type(unsigned v) { return "urn:schemas-upnp-org:device:InternetGatewayDevice:" + std::to_string(v); }

unsigned device_version(const session& s) { return s.facts().igd_version ? s.facts().igd_version : 1; }

// The first answer to a search for `st`; fails `r` when none came.
std::optional<ssdp_answer> one_answer(session& s, check_result& r, std::string_view st) {
  auto answers = s.search(msearch(s, st), std::nullopt, 1);
  if (answers.empty()) {
    fail(r, "no answer to a unicast M-SEARCH for ST " + std::string(st));
    return std::nullopt;
  }
  return answers.front();
}

void expect_st_usn(check_result& r, const ssdp_answer& a, std::string_view st, std::string_view usn) {
  auto got_st = raw_header(a.raw, "ST");
  auto got_usn = raw_header(a.raw, "USN");
  if (!got_st || *got_st != st) fail(r, "ST is '" + got_st.value_or("(absent)") + "', expected '" + std::string(st) + "'");
  if (!got_usn || *got_usn != usn)
    fail(r, "USN is '" + got_usn.value_or("(absent)") + "', expected '" + std::string(usn) + "'");
}

void root_answer(session& s, check_result& r) {
  if (!need_description(s, r)) return;
  if (auto a = one_answer(s, r, "upnp:rootdevice"))
    expect_st_usn(r, *a, "upnp:rootdevice", s.facts().root_udn + "::upnp:rootdevice");
}

void igd_answer(session& s, check_result& r) {
  if (!need_description(s, r)) return;
  auto st = igd_type(device_version(s));
  if (auto a = one_answer(s, r, st)) expect_st_usn(r, *a, st, s.facts().root_udn + "::" + st);
}

void version_echo(session& s, check_result& r) {
  if (!need_description(s, r) || !need_version(s, r, 2)) return;
  auto st = igd_type(1);
  auto a = one_answer(s, r, st);
  if (!a) return;
  auto got = raw_header(a->raw, "ST");
  if (got != st) fail(r, "a search for " + st + " was answered with ST '" + got.value_or("(absent)") + "'");
}

void expect_silence(session& s, check_result& r, const std::string& datagram, std::string_view what) {
  auto answers = s.search(datagram);
  if (!answers.empty()) fail(r, std::to_string(answers.size()) + " answer(s) to " + std::string(what));
}

void higher_version_silent(session& s, check_result& r) {
  if (!need_description(s, r)) return;
  auto st = igd_type(device_version(s) + 1);
  expect_silence(s, r, msearch(s, st), "a search for " + st + ", a version the device does not implement");
}

void uuid_answer(session& s, check_result& r) {
  if (!need_description(s, r)) return;
  const auto& udn = s.facts().root_udn;
  if (auto a = one_answer(s, r, udn)) expect_st_usn(r, *a, udn, udn);
}

void service_answer(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  if (auto a = one_answer(s, r, wan->service_type))
    expect_st_usn(r, *a, wan->service_type, s.facts().wan->connection_device_udn + "::" + wan->service_type);
}

void all_answers(session& s, check_result& r) {
  if (!need_description(s, r)) return;
  auto answers = s.search(msearch(s, "ssdp:all"));
  bool root = false;
  for (const auto& a : answers) root = root || raw_header(a.raw, "ST") == std::string("upnp:rootdevice");
  // The root alone is announced three times (rootdevice, uuid, type); an IGD has at least three devices.
  if (answers.size() < 3) fail(r, std::to_string(answers.size()) + " answer(s) to ssdp:all, expected one per device and service");
  if (!root) fail(r, "no answer to ssdp:all carries ST upnp:rootdevice");
}

// Checks on the headers of the answer to upnp:rootdevice.
template <class Judge>
void on_root_answer(session& s, check_result& r, Judge judge) {
  if (!need_description(s, r)) return;
  if (auto a = one_answer(s, r, "upnp:rootdevice")) judge(*a);
}

void status_line(session& s, check_result& r) {
  on_root_answer(s, r, [&](const ssdp_answer& a) {
    auto line = a.raw.substr(0, a.raw.find("\r\n"));
    if (line != "HTTP/1.1 200 OK") fail(r, "status line is '" + line + "'");
  });
}

std::optional<std::uint32_t> max_age(const ssdp_answer& a) {
  auto cc = raw_header(a.raw, "CACHE-CONTROL");
  if (!cc) return std::nullopt;
  std::string v;
  for (char c : *cc) if (c != ' ') v += c;
  if (!text::istarts_with(v, "max-age=")) return std::nullopt;
  return text::parse_decimal<std::uint32_t>(std::string_view(v).substr(8));
}

void cache_control(session& s, check_result& r) {
  on_root_answer(s, r, [&](const ssdp_answer& a) {
    if (!max_age(a)) fail(r, "CACHE-CONTROL is '" + raw_header(a.raw, "CACHE-CONTROL").value_or("(absent)") + "', expected max-age=<seconds>");
  });
}

void max_age_1800(session& s, check_result& r) {
  on_root_answer(s, r, [&](const ssdp_answer& a) {
    auto n = max_age(a);
    if (n && *n < 1800) fail(r, "max-age is " + std::to_string(*n) + " s, below the 1800 s UDA recommends");
    if (!n) skip(r, "no usable max-age");
  });
}

void ext_header(session& s, check_result& r) {
  on_root_answer(s, r, [&](const ssdp_answer& a) {
    if (!raw_header(a.raw, "EXT")) fail(r, "no EXT header");
  });
}

void location_header(session& s, check_result& r) {
  on_root_answer(s, r, [&](const ssdp_answer& a) {
    auto parsed = ssdp::parse_search_response(a.raw);
    if (!parsed) {
      fail(r, "the answer does not parse: " + parsed.error().message());
      return;
    }
    if (parsed->location.scheme() != "http") fail(r, "LOCATION is not an http URL");
    if (parsed->location.host_address() != a.source.address().to_string())
      note(r, "LOCATION's host " + std::string(parsed->location.host_address()) + " is not the answering address");
    if (parsed->location.buffer() != s.facts().location.buffer())
      fail(r, "LOCATION " + std::string(parsed->location.buffer()) + " is not the description URL under test " +
                  std::string(s.facts().location.buffer()));
  });
}

void server_header(session& s, check_result& r) {
  on_root_answer(s, r, [&](const ssdp_answer& a) {
    auto server = raw_header(a.raw, "SERVER");
    if (!server || server->empty()) {
      fail(r, "no SERVER header");
      return;
    }
    // "OS/version UPnP/1.x product/version": three tokens, the middle one UPnP/1.0, 1.1 or 2.0.
    if (server->find("UPnP/") == std::string::npos || std::count(server->begin(), server->end(), '/') < 3)
      fail(r, "SERVER '" + *server + "' is not of the form 'OS/version UPnP/1.1 product/version'");
  });
}

void boot_config_ids(session& s, check_result& r) {
  on_root_answer(s, r, [&](const ssdp_answer& a) {
    auto server = raw_header(a.raw, "SERVER").value_or("");
    if (server.find("UPnP/1.0") != std::string::npos || server.find("UPnP/") == std::string::npos) {
      skip(r, "the device claims UDA 1.0 ('" + server + "'), which has no BOOTID/CONFIGID");
      return;
    }
    for (auto h : {"BOOTID.UPNP.ORG", "CONFIGID.UPNP.ORG"}) {
      auto v = raw_header(a.raw, h);
      if (!v || !text::parse_decimal<std::uint32_t>(*v))
        fail(r, std::string(h) + " is '" + v.value_or("(absent)") + "' although SERVER claims " + server);
    }
  });
}

void date_header(session& s, check_result& r) {
  on_root_answer(s, r, [&](const ssdp_answer& a) {
    if (!raw_header(a.raw, "DATE")) fail(r, "no DATE header (recommended)");
  });
}

void answers_to_sender(session& s, check_result& r) {
  on_root_answer(s, r, [&](const ssdp_answer& a) {
    if (a.source.address() != s.facts().ssdp_endpoint.address())
      fail(r, "the answer came from " + a.source.address().to_string() + ", not from the address searched");
  });
}

void unknown_target_silent(session& s, check_result& r) {
  expect_silence(s, r, msearch(s, "urn:igdkit-conformance:device:NoSuchDevice:1"), "a search for a type the device lacks");
}

void unquoted_man_ignored(session& s, check_result& r) {
  expect_silence(s, r, msearch(s, "upnp:rootdevice", "ssdp:discover"), "an M-SEARCH whose MAN is not quoted");
}

void garbage_survived(session& s, check_result& r) {
  if (!need_description(s, r)) return;
  (void)s.search("M-SEARCH * HTTP/1.1\r\nHOST: \x01\x02\r\nST:\r\nMAN: \"ssdp:discover\r\n\xff\xfe\r\n\r\n",
                 std::chrono::milliseconds(200));
  if (auto a = one_answer(s, r, "upnp:rootdevice"); !a) note(r, "after a malformed datagram");
}

constexpr std::string_view uda = "UDA 2.0 §1.3.3";
const check_def table[] = {
    {{"ssdp.rootdevice-answer", group::ssdp, severity::must, uda, "answers a search for upnp:rootdevice with its USN"}, root_answer},
    {{"ssdp.igd-answer", group::ssdp, severity::must, uda, "answers a search for its IGD device type"}, igd_answer},
    {{"ssdp.version-echo", group::ssdp, severity::must, "UDA 1.1 §1.3.2", "answers a search for a lower version with that version in ST"}, version_echo},
    {{"ssdp.higher-version-silent", group::ssdp, severity::should, "UDA 1.1 §1.3.2", "does not answer a search for a higher version than it implements"}, higher_version_silent},
    {{"ssdp.uuid-answer", group::ssdp, severity::must, uda, "answers a search for uuid:<UDN> with USN uuid:<UDN>"}, uuid_answer},
    {{"ssdp.service-answer", group::ssdp, severity::must, uda, "answers a search for its WAN connection service type"}, service_answer},
    {{"ssdp.all-answers", group::ssdp, severity::must, uda, "answers ssdp:all once per device and service"}, all_answers},
    {{"ssdp.status-line", group::ssdp, severity::must, uda, "answers with HTTP/1.1 200 OK"}, status_line},
    {{"ssdp.cache-control", group::ssdp, severity::must, uda, "CACHE-CONTROL is max-age=<seconds>"}, cache_control},
    {{"ssdp.max-age", group::ssdp, severity::should, uda, "max-age is at least 1800 s"}, max_age_1800},
    {{"ssdp.ext", group::ssdp, severity::must, uda, "the EXT header is present"}, ext_header},
    {{"ssdp.location", group::ssdp, severity::must, uda, "LOCATION is the absolute http URL of the description"}, location_header},
    {{"ssdp.server", group::ssdp, severity::must, uda, "SERVER is 'OS/version UPnP/1.x product/version'"}, server_header},
    {{"ssdp.bootid-configid", group::ssdp, severity::must, "UDA 1.1 §1.2.2", "BOOTID.UPNP.ORG and CONFIGID.UPNP.ORG when claiming UDA 1.1"}, boot_config_ids},
    {{"ssdp.date", group::ssdp, severity::should, uda, "the DATE header is present"}, date_header},
    {{"ssdp.unicast-source", group::ssdp, severity::must, "UDA 1.1 §1.3.3", "answers a unicast search from the address searched"}, answers_to_sender},
    {{"ssdp.unknown-target-silent", group::ssdp, severity::must, uda, "does not answer a search for a target it lacks"}, unknown_target_silent},
    {{"ssdp.unquoted-man-ignored", group::ssdp, severity::should, "UDA 2.0 §1.3.2", "ignores an M-SEARCH whose MAN is not \"ssdp:discover\""}, unquoted_man_ignored},
    {{"ssdp.malformed-survived", group::ssdp, severity::must, "UDA 2.0 §1.3.2", "still answers after a malformed datagram"}, garbage_survived},
};

}  // namespace ssdp_group

std::span<const check_def> ssdp_checks() { return ssdp_group::table; }

}  // namespace igdkit::conformance::support
