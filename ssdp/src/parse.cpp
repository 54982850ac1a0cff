#include "igdkit/ssdp/parse.hpp"

#include "fields.hpp"
#include "frame.hpp"
#include "igdkit/ssdp/error.hpp"
#include "igdkit/text.hpp"

namespace igdkit::ssdp {
namespace {

using detail::frame;
using detail::header;

constexpr std::uint64_t max_mx = 0x7fffffff;

// Reads an optional numeric header into `out`; a present but invalid value is `bad`.
template <class T>
std::error_code read_number(const frame& f, std::string_view name, std::uint64_t min, std::uint64_t max,
                            errc bad, std::optional<T>& out) {
  const auto v = header(f, name);
  if (!v) return {};
  const auto n = igdkit::text::parse_decimal<std::uint64_t>(*v, max);
  if (!n || *n < min) return bad;
  out = static_cast<T>(*n);
  return {};
}

std::error_code read_ids(const frame& f, std::optional<std::uint32_t>& boot, std::optional<std::uint32_t>& config,
                         std::optional<std::uint16_t>& port) {
  if (auto ec = read_number(f, "BOOTID.UPNP.ORG", 0, max_boot_id, errc::invalid_boot_id, boot)) return ec;
  if (auto ec = read_number(f, "CONFIGID.UPNP.ORG", 0, max_config_id, errc::invalid_config_id, config)) return ec;
  // The spec asks for 49152-65535; any real port is accepted so a sloppy device stays usable.
  return read_number(f, "SEARCHPORT.UPNP.ORG", 1, 65535, errc::invalid_search_port, port);
}

result<search_target> read_target(const frame& f, std::string_view name, errc missing) {
  const auto v = header(f, name);
  if (!v || v->empty()) return make_error_code(missing);
  return parse_search_target(*v);
}

result<search_request> to_search(const frame& f) {
  search_request r;
  r.host = std::string(header(f, "HOST").value_or(""));
  const auto man = header(f, "MAN");
  if (!man) return make_error_code(errc::missing_man);
  r.man = std::string(*man);
  auto st = read_target(f, "ST", errc::missing_st);
  if (!st) return st.error();
  r.st = std::move(*st);
  if (const auto mx = header(f, "MX")) {
    const auto n = igdkit::text::parse_decimal<std::uint64_t>(*mx, max_mx);
    if (!n) return make_error_code(errc::invalid_mx);
    r.mx = std::chrono::seconds(static_cast<std::int64_t>(*n));
  }
  r.user_agent = std::string(header(f, "USER-AGENT").value_or(""));
  r.cpfn = std::string(header(f, "CPFN.UPNP.ORG").value_or(""));
  r.cpuuid = std::string(header(f, "CPUUID.UPNP.ORG").value_or(""));
  return r;
}

result<search_response> to_response(const frame& f) {
  search_response r;
  const auto loc = header(f, "LOCATION");
  if (!loc || loc->empty()) return make_error_code(errc::missing_location);
  auto url = detail::parse_location(*loc);
  if (!url) return url.error();
  r.location = std::move(*url);
  auto st = read_target(f, "ST", errc::missing_st);
  if (!st) return st.error();
  r.st = std::move(*st);
  const auto usn = header(f, "USN");
  if (!usn || usn->empty()) return make_error_code(errc::missing_usn);
  r.usn = std::string(*usn);
  auto age = detail::parse_max_age(header(f, "CACHE-CONTROL").value_or(""));
  if (!age) return age.error();
  r.max_age = *age;
  r.server = std::string(header(f, "SERVER").value_or(""));
  r.ext = header(f, "EXT").has_value();
  r.date = std::string(header(f, "DATE").value_or(""));
  if (auto ec = read_ids(f, r.boot_id, r.config_id, r.search_port)) return ec;
  return r;
}

result<notify_message> to_notify(const frame& f) {
  notify_message n;
  n.host = std::string(header(f, "HOST").value_or(""));
  auto nt = read_target(f, "NT", errc::missing_nt);
  if (!nt) return nt.error();
  n.nt = std::move(*nt);
  const auto nts = header(f, "NTS");
  if (!nts || nts->empty()) return make_error_code(errc::missing_nts);
  if (*nts == "ssdp:alive") n.kind = notify_kind::alive;
  else if (*nts == "ssdp:byebye") n.kind = notify_kind::byebye;
  else if (*nts == "ssdp:update") n.kind = notify_kind::update;
  else return make_error_code(errc::unknown_nts);
  const auto usn = header(f, "USN");
  if (!usn || usn->empty()) return make_error_code(errc::missing_usn);
  n.usn = std::string(*usn);
  if (n.kind != notify_kind::byebye) {
    const auto loc = header(f, "LOCATION");
    if (!loc || loc->empty()) return make_error_code(errc::missing_location);
    auto url = detail::parse_location(*loc);
    if (!url) return url.error();
    n.location = std::move(*url);
  }
  if (n.kind == notify_kind::alive) {
    auto age = detail::parse_max_age(header(f, "CACHE-CONTROL").value_or(""));
    if (!age) return age.error();
    n.max_age = *age;
  }
  n.server = std::string(header(f, "SERVER").value_or(""));
  if (auto ec = read_ids(f, n.boot_id, n.config_id, n.search_port)) return ec;
  if (auto ec = read_number(f, "NEXTBOOTID.UPNP.ORG", 0, max_boot_id, errc::invalid_boot_id, n.next_boot_id))
    return ec;
  return n;
}

template <class T>
result<T> parse_as(std::string_view datagram) {
  auto m = parse_message(datagram);
  if (!m) return m.error();
  if (auto* p = std::get_if<T>(&*m)) return std::move(*p);
  return make_error_code(errc::bad_start_line);
}

}  // namespace

std::string_view to_string(notify_kind k) noexcept {
  switch (k) {
    case notify_kind::alive: return "ssdp:alive";
    case notify_kind::byebye: return "ssdp:byebye";
    case notify_kind::update: return "ssdp:update";
  }
  return "ssdp:alive";
}

result<message> parse_message(std::string_view datagram) {
  auto f = detail::parse_frame(datagram);
  if (!f) return f.error();
  switch (f->kind) {
    case detail::frame_kind::search: {
      auto r = to_search(*f);
      if (!r) return r.error();
      return message(std::move(*r));
    }
    case detail::frame_kind::notify: {
      auto r = to_notify(*f);
      if (!r) return r.error();
      return message(std::move(*r));
    }
    case detail::frame_kind::response: break;
  }
  auto r = to_response(*f);
  if (!r) return r.error();
  return message(std::move(*r));
}

result<search_request> parse_search_request(std::string_view d) { return parse_as<search_request>(d); }
result<search_response> parse_search_response(std::string_view d) { return parse_as<search_response>(d); }
result<notify_message> parse_notify(std::string_view d) { return parse_as<notify_message>(d); }

}  // namespace igdkit::ssdp
