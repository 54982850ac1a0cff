#include "igdkit/igd/url_policy.hpp"
#include "igdkit/url_parse.hpp"

#include "igdkit/address.hpp"
#include "igdkit/igd/error.hpp"
#include "igdkit/text.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cctype>

namespace igdkit::igd {
namespace {

namespace urls = boost::urls;
using boost::asio::ip::address;

bool is_http(urls::url_view u) noexcept {
  return u.scheme_id() == urls::scheme::http || u.scheme_id() == urls::scheme::https;
}

bool usable_absolute(urls::url_view u) noexcept { return is_http(u) && u.has_authority() && !u.host().empty(); }

std::optional<address> host_ip(urls::url_view u) { return literal_host(u); }

// Hosts a device cannot mean when it talks about itself to a remote control point.
bool is_self_referential(urls::url_view u) {
  if (auto ip = host_ip(u)) return ip->is_loopback() || ip->is_unspecified();
  return igdkit::text::ascii_lower(u.host()) == "localhost";
}

// A link-local sender carries its interface as scope id; a URL host cannot: compare the bytes.
bool same_address(const address& a, const address& b) {
  if (a.is_v6() && b.is_v6()) return a.to_v6().to_bytes() == b.to_v6().to_bytes();
  return a == b;
}

bool is_unspecified(urls::url_view u) {
  auto ip = host_ip(u);
  return ip && ip->is_unspecified();
}

bool same_host(urls::url_view a, urls::url_view b) {
  auto ia = host_ip(a);
  auto ib = host_ip(b);
  if (ia || ib) return ia && ib && *ia == *ib;
  return igdkit::text::ascii_lower(a.host()) == igdkit::text::ascii_lower(b.host());
}

}  // namespace

result<urls::url> effective_base(urls::url_view location, std::optional<urls::url_view> url_base) {
  if (!usable_absolute(location)) return make_error_code(errc::invalid_url);
  if (!url_base || !usable_absolute(*url_base)) return urls::url{location};
  urls::url base{*url_base};
  // 0.0.0.0 is a bind address printed by mistake: nothing in it can be trusted, so LOCATION's
  // whole authority replaces it. A loopback/localhost base is the device naming itself; only
  // its host is wrong for a remote client, so its port is kept.
  if (is_unspecified(base))
    base.set_encoded_authority(location.encoded_authority());
  else if (is_self_referential(base) && !is_self_referential(location))
    base.set_encoded_host(location.encoded_host());
  return base;
}

result<urls::url> resolve_service_url(urls::url_view base, std::string_view reference) {
  reference = igdkit::text::trim(reference);
  if (reference.empty()) return make_error_code(errc::invalid_url);
  auto ref = igdkit::parse_url_reference(reference);
  if (!ref) return make_error_code(errc::invalid_url);
  urls::url out;
  if (!urls::resolve(base, *ref, out)) return make_error_code(errc::invalid_url);
  if (!usable_absolute(out)) return make_error_code(errc::invalid_url);
  return out;
}

std::error_code check_url(urls::url_view target, urls::url_view location, url_policy policy,
                          std::optional<address> announced_by) {
  if (!usable_absolute(target)) return errc::url_not_allowed;
  if (policy == url_policy::allow_any_host) return {};
  // Equal hosts are equal addresses, so the target shares LOCATION's class (loopback, link-local,
  // ...) by construction; anchoring LOCATION to the sender is what keeps both off other hosts.
  if (announced_by) {
    const auto location_ip = host_ip(location);
    if (!location_ip || !same_address(*location_ip, *announced_by)) return errc::url_not_allowed;
  }
  if (!same_host(target, location)) return errc::url_not_allowed;
  return {};
}

}  // namespace igdkit::igd
