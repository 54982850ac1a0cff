#pragma once
// The keeper's state file: the external ports it chose, so that an application restart asks for
// the same ports (an NVR's bookmarks keep working) and finds what an earlier run left behind.
// Small JSON, written atomically (igdkit/file_io.hpp) after every change:
//   {"format": "igdkit-keeper-state", "version": 1, "gateway": "uuid:...",
//    "ports": [{"set": "cam1", "label": "rtsp", "protocol": "TCP", "external_port": 554,
//               "internal_client": "192.168.1.20", "internal_port": 554, "permanent": false}]}
// A corrupt file is an error naming the field, never a crash; the caller decides whether to
// start fresh (igdctl expose does, with a warning).
#include "igdkit/igd/keeper/core.hpp"
#include "igdkit/result.hpp"

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::igd::keeper {

struct saved_state {
  std::string gateway_udn;  // the IGD the ports were chosen on
  std::vector<remembered_port> ports;
};

std::string render_state(const saved_state& state);
// errc::state_file_corrupt / state_file_unsupported; *why names the field.
result<saved_state> parse_state(std::string_view text, std::string* why = nullptr);

// A missing file is an empty state.
result<saved_state> load_state(const std::filesystem::path& path, std::string* why = nullptr);
std::error_code save_state(const std::filesystem::path& path, const saved_state& state);

}  // namespace igdkit::igd::keeper
