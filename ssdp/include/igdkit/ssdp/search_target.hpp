#pragma once
// The ST / NT value model: ssdp:all, upnp:rootdevice, uuid:X, urn:domain:device|service:type:ver.
#include "igdkit/result.hpp"

#include <compare>
#include <string>
#include <string_view>

namespace igdkit::ssdp {

enum class target_kind { all, root_device, uuid, device_type, service_type, other };

struct search_target {
  target_kind kind = target_kind::all;
  // uuid: the UUID (without "uuid:"); device/service: the type name; other: the raw value.
  std::string value;
  // device/service only: the urn domain ("schemas-upnp-org") and the version (>= 1).
  std::string domain;
  unsigned version = 0;

  static search_target all() { return {}; }
  static search_target root_device() { return {target_kind::root_device, {}, {}, 0}; }
  static search_target uuid(std::string id) { return {target_kind::uuid, std::move(id), {}, 0}; }
  static search_target device(std::string type, unsigned ver, std::string dom = "schemas-upnp-org") {
    return {target_kind::device_type, std::move(type), std::move(dom), ver};
  }
  static search_target service(std::string type, unsigned ver, std::string dom = "schemas-upnp-org") {
    return {target_kind::service_type, std::move(type), std::move(dom), ver};
  }

  bool is_type() const noexcept { return kind == target_kind::device_type || kind == target_kind::service_type; }
  // Same kind/domain/type name, ignoring the version.
  bool same_type(const search_target& o) const noexcept {
    return kind == o.kind && value == o.value && domain == o.domain;
  }

  std::string to_string() const;
  friend bool operator==(const search_target&, const search_target&) = default;
};

// Never fails for a non-empty printable value: unknown forms become target_kind::other so
// vendor targets still round-trip. Errors: invalid_st for empty values, control characters,
// "uuid:" with no id, or a urn:...:device|service:... whose type or version is malformed.
result<search_target> parse_search_target(std::string_view text);

}  // namespace igdkit::ssdp
