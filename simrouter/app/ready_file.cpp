#include "ready_file.hpp"

#include <boost/json.hpp>

#include <cerrno>
#include <cstdio>
#include <fstream>

namespace igdkit::sim::app {

std::string ready_line(const ready_info& info) {
  return "simrouter ready location=" + info.location + " ssdp=" + info.ssdp + " http=" + info.http;
}

std::error_code write_ready_file(const std::string& path, const ready_info& info) {
  boost::json::object o;
  o["location"] = info.location;
  o["ssdp"] = info.ssdp;
  o["http"] = info.http;
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return std::make_error_code(std::errc::io_error);
    f << boost::json::serialize(o) << '\n';
    f.flush();
    if (!f) return std::make_error_code(std::errc::io_error);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return {errno, std::generic_category()};
  return {};
}

}  // namespace igdkit::sim::app
