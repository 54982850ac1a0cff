#include "igdkit/igd/selection.hpp"
#include "igdkit/text.hpp"

#include <cctype>

namespace igdkit::igd {
namespace {

igd_status rank_of(const candidate& c) noexcept {
  if (!is_connected_status(c.connection_status)) return igd_status::disconnected;
  // miniupnpd answers an empty address when its WAN address is private; treat "none" the same.
  if (!c.external_ip || is_reserved_address(*c.external_ip)) return igd_status::connected_reserved;
  return igd_status::connected_public;
}

// Larger is better: any WANIPConnection beats WANPPPConnection, newer versions first.
std::uint64_t preference(const candidate& c) noexcept {
  if (c.kind == service_kind::wan_ip_connection) return (std::uint64_t{1} << 32) + c.version;
  return 0;
}

}  // namespace

bool is_connected_status(std::string_view s) noexcept {
  s = igdkit::text::trim(s);
  return igdkit::text::iequals(s, "Connected") || igdkit::text::iequals(s, "Up");
}

selection select_connection(std::span<const candidate> candidates) noexcept {
  selection best;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i];
    if (c.kind != service_kind::wan_ip_connection && c.kind != service_kind::wan_ppp_connection) continue;
    auto rank = rank_of(c);
    bool better = !best.index || rank < best.status ||
                  (rank == best.status && preference(c) > preference(candidates[*best.index]));
    if (better) best = {rank, i};
  }
  return best;
}

}  // namespace igdkit::igd
