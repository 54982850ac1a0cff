#include "igdkit/ssdp/device_set.hpp"

#include <algorithm>

namespace igdkit::ssdp {
namespace {

std::string usn_for(const std::string& uuid, const search_target& t) {
  return "uuid:" + uuid + "::" + t.to_string();
}

// Per device: its distinct service types, first occurrence wins.
std::vector<search_target> distinct_services(const advertised_device& d) {
  std::vector<search_target> out;
  for (const auto& s : d.services)
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

template <class F>
void for_each_device(const device_set& set, F&& f) {
  f(set.root);
  for (const auto& d : set.embedded) f(d);
}

}  // namespace

std::vector<announcement> all_announcements(const device_set& set) {
  std::vector<announcement> out;
  out.push_back({search_target::root_device(), usn_for(set.root.uuid, search_target::root_device())});
  for_each_device(set, [&](const advertised_device& d) {
    out.push_back({search_target::uuid(d.uuid), "uuid:" + d.uuid});
    out.push_back({d.type, usn_for(d.uuid, d.type)});
  });
  for_each_device(set, [&](const advertised_device& d) {
    for (const auto& s : distinct_services(d)) out.push_back({s, usn_for(d.uuid, s)});
  });
  return out;
}

std::vector<announcement> answers_for(const device_set& set, const search_target& requested, st_matching matching) {
  std::vector<announcement> out;
  if (matching == st_matching::exact) {
    for (auto& a : all_announcements(set))
      if (a.target == requested) out.push_back(std::move(a));
    return out;
  }
  switch (requested.kind) {
    case target_kind::all: return all_announcements(set);
    case target_kind::root_device:
      out.push_back({requested, usn_for(set.root.uuid, requested)});
      return out;
    case target_kind::uuid:
      for_each_device(set, [&](const advertised_device& d) {
        if (d.uuid == requested.value && out.empty()) out.push_back({requested, "uuid:" + d.uuid});
      });
      return out;
    case target_kind::device_type:
    case target_kind::service_type:
      for_each_device(set, [&](const advertised_device& d) {
        const auto matches = [&](const search_target& t) {
          return t.same_type(requested) && requested.version <= t.version;
        };
        const auto services = distinct_services(d);
        const bool hit = matches(d.type) || std::any_of(services.begin(), services.end(), matches);
        if (hit) out.push_back({requested, usn_for(d.uuid, requested)});
      });
      return out;
    case target_kind::other: return out;
  }
  return out;
}

}  // namespace igdkit::ssdp
