#include "igdkit/ssdp/policy.hpp"
#include "igdkit/token_bucket.hpp"
#include "igdkit/address.hpp"

#include "igdkit/ssdp/error.hpp"
#include "igdkit/text.hpp"

#include <algorithm>
#include <array>

namespace igdkit::ssdp {
namespace {

namespace ip = boost::asio::ip;


template <std::size_t N>
bool prefix_equal(const std::array<unsigned char, N>& a, const std::array<unsigned char, N>& b, unsigned bits) {
  for (std::size_t i = 0; i < N && bits > 0; ++i) {
    const unsigned take = std::min(bits, 8u);
    const auto mask = static_cast<unsigned char>(0xffu << (8 - take));
    if ((a[i] & mask) != (b[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

}  // namespace

result<std::chrono::seconds> should_answer(const search_request& request, bool is_multicast) {
  if (request.man != discover_man) return make_error_code(errc::bad_man);
  if (!is_multicast) return std::chrono::seconds{0};
  if (!request.mx) return make_error_code(errc::missing_mx);
  return std::min(*request.mx, max_response_delay);
}

ip_prefix::ip_prefix(const ip::address& network, unsigned length)
    : network_(unmapped(network)), length_(std::min(length, network_.is_v4() ? 32u : 128u)) {}

result<ip_prefix> ip_prefix::parse(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return make_error_code(std::errc::invalid_argument);
  boost::system::error_code ec;
  const auto addr = ip::make_address(std::string(text.substr(0, slash)), ec);
  if (ec) return make_error_code(std::errc::invalid_argument);
  const auto len_text = text.substr(slash + 1);
  const auto len = igdkit::text::parse_decimal<unsigned>(len_text, addr.is_v4() ? 32u : 128u);
  if (!len) return make_error_code(std::errc::invalid_argument);
  return ip_prefix(addr, *len);
}

bool ip_prefix::contains(const ip::address& a) const noexcept {
  const auto src = unmapped(a);
  if (src.is_v4() != network_.is_v4()) return false;
  if (src.is_v4()) return prefix_equal(src.to_v4().to_bytes(), network_.to_v4().to_bytes(), length_);
  // A prefix with a zone (fe80::%3/10) is one link: the same address on another is another host.
  const auto zone = network_.to_v6().scope_id();
  if (zone != 0 && src.to_v6().scope_id() != zone) return false;
  return prefix_equal(src.to_v6().to_bytes(), network_.to_v6().to_bytes(), length_);
}

std::vector<ip_prefix> default_allowed_sources(const ip::address& listen) {
  const auto a = unmapped(listen);
  std::vector<ip_prefix> out;
  if (a.is_loopback() || a.is_unspecified()) {
    out.emplace_back(ip::make_address("127.0.0.0"), 8);
    out.emplace_back(ip::address_v6::loopback(), 128);
    return out;
  }
  out.emplace_back(a, a.is_v4() ? 24u : 64u);
  return out;
}

bool source_allowed(const std::vector<ip_prefix>& allowed, const ip::address& source) noexcept {
  return std::any_of(allowed.begin(), allowed.end(), [&](const ip_prefix& p) { return p.contains(source); });
}

answer_budget::answer_budget(answer_budget_limits limits) : limits_(limits) {
  limits_.burst = std::max<std::size_t>(limits_.burst, 1);
  limits_.refill = std::max(limits_.refill, std::chrono::milliseconds{1});
  limits_.max_pending_per_source = std::max<std::size_t>(limits_.max_pending_per_source, 1);
  limits_.max_sources = std::max<std::size_t>(limits_.max_sources, 1);
}

void answer_budget::refill(bucket& b, time_point now) const {
  refill_tokens(b.tokens, b.refilled, now, limits_.burst, limits_.refill);
}

void answer_budget::forget_sources_at_rest(time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    refill(it->second, now);
    const bool at_rest = it->second.pending == 0 && it->second.tokens == limits_.burst;
    it = at_rest ? buckets_.erase(it) : std::next(it);
  }
}

bool answer_budget::try_spend(const ip::address& source, time_point now) {
  const auto key = unmapped(source);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= limits_.max_sources) forget_sources_at_rest(now);
    if (buckets_.size() >= limits_.max_sources) return false;  // every one of them is busy
    it = buckets_.emplace(key, bucket{limits_.burst, now, 0}).first;
  }
  auto& b = it->second;
  refill(b, now);
  if (b.tokens == 0 || b.pending >= limits_.max_pending_per_source) return false;
  --b.tokens;
  ++b.pending;
  return true;
}

void answer_budget::answer_done(const ip::address& source) {
  const auto it = buckets_.find(unmapped(source));
  if (it != buckets_.end() && it->second.pending > 0) --it->second.pending;
}

}  // namespace igdkit::ssdp
