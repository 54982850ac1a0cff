#pragma once
// The ready announcement: one stdout line for humans/scripts, one JSON file for test harnesses.
#include <string>
#include <system_error>

namespace igdkit::sim::app {

struct ready_info {
  std::string location;  // http://127.0.0.1:PORT/rootDesc.xml
  std::string ssdp;      // HOST:PORT
  std::string http;      // HOST:PORT
};

std::string ready_line(const ready_info& info);  // "simrouter ready location=… ssdp=… http=…"

// Writes {"location":…,"ssdp":…,"http":…} to path.tmp, then renames it over path, so a reader
// polling for the file never sees it half-written.
std::error_code write_ready_file(const std::string& path, const ready_info& info);

}  // namespace igdkit::sim::app
