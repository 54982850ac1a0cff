#include "ready_file.hpp"

#include "igdkit/sim/state_file.hpp"

#include <boost/json.hpp>

namespace igdkit::sim::app {

std::string ready_line(const ready_info& info) {
  std::string line = "simrouter ready location=" + info.location + " ssdp=" + info.ssdp + " http=" + info.http;
  if (!info.admin.empty()) line += " admin=" + info.admin;
  if (!info.stun.empty()) line += " stun=" + info.stun;
  line += " mode=" + info.mode + " wan=" + info.wan_ip + " public=" + info.public_ip + " uuid=" + info.uuid;
  if (!info.upstream.empty()) line += " upstream=" + info.upstream;
  if (!info.location6.empty()) line += " location6=" + info.location6 + " ssdp6=" + info.ssdp6;
  return line;
}

std::error_code write_ready_file(const std::string& path, const ready_info& info) {
  boost::json::object o;
  o["location"] = info.location;
  o["ssdp"] = info.ssdp;
  o["http"] = info.http;
  o["admin"] = info.admin;
  o["mode"] = info.mode;
  o["wan_ip"] = info.wan_ip;
  o["public_ip"] = info.public_ip;
  o["upstream"] = info.upstream;
  o["uuid"] = info.uuid;
  o["location6"] = info.location6;
  o["ssdp6"] = info.ssdp6;
  o["stun"] = info.stun;
  return write_file_atomically(path, boost::json::serialize(o) + "\n");
}

}  // namespace igdkit::sim::app
