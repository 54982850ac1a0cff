#pragma once
// The ready announcement: one stdout line for humans/scripts, one JSON file for test harnesses.
#include <string>
#include <system_error>

namespace igdkit::sim::app {

struct ready_info {
  std::string location;  // http://127.0.0.1:PORT/rootDesc.xml
  std::string ssdp;      // HOST:PORT
  std::string http;      // HOST:PORT
  std::string admin;     // http://127.0.0.1:PORT/ (empty with --no-admin)
  std::string mode;      // nat, cgnat, double-nat, no-nat
  std::string wan_ip;    // the home router's WAN address
  std::string public_ip; // what the Internet sees
  std::string upstream;  // the upstream IGD's location (double-nat --upstream-upnp), else empty
  std::string uuid;      // the root device's UUID (USN uuid:…)
  std::string location6; // http://[LAN6]:PORT/rootDesc.xml with --lan6, else empty
  std::string ssdp6;     // [LAN6]:PORT with --lan6, else empty
  std::string stun;      // the lab's STUN server 127.0.0.1:PORT (empty with --no-stun)
};

// "simrouter ready location=… ssdp=… http=… admin=… stun=… mode=… wan=… public=… uuid=…[ upstream=…][ location6=… ssdp6=…]"
std::string ready_line(const ready_info& info);

// Writes the same fields as a JSON object atomically (a reader polling for the file never sees
// it half-written).
std::error_code write_ready_file(const std::string& path, const ready_info& info);

}  // namespace igdkit::sim::app
