#include "igdkit/sim/device_uuid.hpp"

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <cctype>

namespace igdkit::sim {
namespace {

namespace uuids = boost::uuids;

// igdkit's name-based namespace: the v5 UUID of "igdkit.simrouter" in the RFC 4122 DNS namespace.
const uuids::uuid& igdkit_namespace() {
  static const uuids::uuid ns = uuids::name_generator_sha1(uuids::ns::dns())("igdkit.simrouter");
  return ns;
}

bool is_hex(char c) noexcept { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::string random_device_uuid() { return uuids::to_string(uuids::random_generator()()); }

std::string seeded_device_uuid(std::string_view seed) {
  return uuids::to_string(uuids::name_generator_sha1(igdkit_namespace())(seed.data(), seed.size()));
}

std::optional<std::string> canonical_device_uuid(std::string_view text) {
  if (text.size() > 5 && (text.substr(0, 5) == "uuid:" || text.substr(0, 5) == "UUID:")) text.remove_prefix(5);
  if (text.size() != 36) return std::nullopt;
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? out[i] != '-' : !is_hex(out[i])) return std::nullopt;
    out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
  }
  return out;
}

void assign_device_uuids(layout_params& layout) {
  if (layout.root_uuid.empty()) layout.root_uuid = seeded_device_uuid("");
  const auto derived = [&](std::string_view what) {
    const uuids::uuid root = uuids::name_generator_sha1(igdkit_namespace())(layout.root_uuid);
    return uuids::to_string(uuids::name_generator_sha1(root)(what.data(), what.size()));
  };
  if (layout.wan_device_uuid.empty()) layout.wan_device_uuid = derived("WANDevice");
  if (layout.wan_connection_device_uuid.empty()) layout.wan_connection_device_uuid = derived("WANConnectionDevice");
}

}  // namespace igdkit::sim
