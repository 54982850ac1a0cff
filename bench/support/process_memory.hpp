#pragma once
// VmRSS of a process (the benchmark itself or a simrouter it was told the PID of), in KiB.
#include <fstream>
#include <string>

namespace igdkit::bench {

// 0 when the process or the field cannot be read.
inline long resident_kib(const std::string& pid = "self") {
  std::ifstream status("/proc/" + pid + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      status >> kib;
      return kib;
    }
    status.ignore(4096, '\n');
  }
  return 0;
}

}  // namespace igdkit::bench
