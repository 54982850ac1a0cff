#include "igdkit/igd/workarounds.hpp"

#include <algorithm>

namespace igdkit::igd {

std::string_view to_string(workaround w) noexcept {
  switch (w) {
    case workaround::permanent_lease: return "permanent_lease";
    case workaround::zero_lease_fallback: return "zero_lease_fallback";
    case workaround::other_external_port: return "other_external_port";
    case workaround::add_any_port_mapping: return "add_any_port_mapping";
    case workaround::same_port_values: return "same_port_values";
  }
  return "unknown";
}

namespace {

bool used(std::span<const workaround> already, workaround w) noexcept {
  return std::find(already.begin(), already.end(), w) != already.end();
}

std::optional<next_attempt> with(add_attempt a, workaround w) noexcept { return next_attempt{std::move(a), w}; }

}  // namespace

std::optional<next_attempt> next_add_attempt(const add_attempt& failed, int upnp_code, unsigned service_version_number,
                                             const workaround_permissions& allowed,
                                             std::span<const workaround> already) noexcept {
  const auto& req = failed.request;
  const bool nonzero_lease = req.lease.count() != 0;
  switch (upnp_code) {
    case 725:
      if (allowed.zero_lease && nonzero_lease) {
        add_attempt a = failed;
        a.request.lease = std::chrono::seconds{0};
        return with(std::move(a), workaround::permanent_lease);
      }
      return std::nullopt;
    case 402:
    case 501:
      // Once only: the zero-lease guess is speculative for these generic codes.
      if (allowed.zero_lease && nonzero_lease && !used(already, workaround::zero_lease_fallback)) {
        add_attempt a = failed;
        a.request.lease = std::chrono::seconds{0};
        return with(std::move(a), workaround::zero_lease_fallback);
      }
      return std::nullopt;
    case 718:
    case 729:
      if (!allowed.other_external_port || failed.use_add_any) return std::nullopt;
      if (service_version_number >= 2) {
        add_attempt a = failed;
        a.use_add_any = true;
        return with(std::move(a), workaround::add_any_port_mapping);
      }
      if (req.external_port == 0) return std::nullopt;
      {
        add_attempt a = failed;
        // Stay out of the well-known range when wrapping: 65535 -> 1024.
        a.request.external_port = req.external_port == 65535 ? std::uint16_t{1024}
                                                             : static_cast<std::uint16_t>(req.external_port + 1);
        return with(std::move(a), workaround::other_external_port);
      }
    case 724:
      if (allowed.same_port_values && req.internal_port != req.external_port && req.external_port != 0 &&
          !used(already, workaround::same_port_values)) {
        add_attempt a = failed;
        a.request.internal_port = req.external_port;
        return with(std::move(a), workaround::same_port_values);
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace igdkit::igd
