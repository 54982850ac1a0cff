#include "igdkit/ssdp/build.hpp"

#include "igdkit/ssdp/error.hpp"

namespace igdkit::ssdp {
namespace {

// Accumulates "NAME: value\r\n" lines and remembers the first bad value.
class writer {
 public:
  explicit writer(std::string_view start_line) { out_.append(start_line).append("\r\n"); }

  void line(std::string_view name, std::string_view value) {
    for (const char c : value) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7f) bad_ = true;
    }
    out_.append(name).append(": ").append(value).append("\r\n");
  }
  // "EXT:" is sent with nothing after the colon, exactly like real stacks.
  void empty(std::string_view name) { out_.append(name).append(":\r\n"); }
  template <class T>
  void number(std::string_view name, const std::optional<T>& v) {
    if (v) line(name, std::to_string(*v));
  }

  result<std::string> finish() && {
    if (bad_) return make_error_code(errc::invalid_header_value);
    out_.append("\r\n");
    if (out_.size() > max_datagram_size) return make_error_code(errc::datagram_too_large);
    return std::move(out_);
  }

 private:
  std::string out_;
  bool bad_ = false;
};

std::string max_age(std::chrono::seconds s) { return "max-age=" + std::to_string(s.count()); }

}  // namespace

result<std::string> build(const search_request& m) {
  writer w("M-SEARCH * HTTP/1.1");
  w.line("HOST", m.host);
  w.line("MAN", m.man);
  if (m.mx) w.line("MX", std::to_string(m.mx->count()));
  w.line("ST", m.st.to_string());
  if (!m.user_agent.empty()) w.line("USER-AGENT", m.user_agent);
  if (!m.cpfn.empty()) w.line("CPFN.UPNP.ORG", m.cpfn);
  if (!m.cpuuid.empty()) w.line("CPUUID.UPNP.ORG", m.cpuuid);
  return std::move(w).finish();
}

result<std::string> build(const search_response& m) {
  writer w("HTTP/1.1 200 OK");
  w.line("CACHE-CONTROL", max_age(m.max_age));
  if (!m.date.empty()) w.line("DATE", m.date);
  if (m.ext) w.empty("EXT");
  w.line("LOCATION", m.location.buffer());
  w.line("SERVER", m.server);
  w.line("ST", m.st.to_string());
  w.line("USN", m.usn);
  w.number("BOOTID.UPNP.ORG", m.boot_id);
  w.number("CONFIGID.UPNP.ORG", m.config_id);
  w.number("SEARCHPORT.UPNP.ORG", m.search_port);
  return std::move(w).finish();
}

result<std::string> build(const notify_message& m) {
  if (m.kind != notify_kind::byebye && !m.location) return make_error_code(errc::missing_location);
  writer w("NOTIFY * HTTP/1.1");
  w.line("HOST", m.host);
  if (m.kind == notify_kind::alive) w.line("CACHE-CONTROL", max_age(m.max_age));
  if (m.kind != notify_kind::byebye) w.line("LOCATION", m.location->buffer());
  w.line("NT", m.nt.to_string());
  w.line("NTS", to_string(m.kind));
  if (m.kind == notify_kind::alive) w.line("SERVER", m.server);
  w.line("USN", m.usn);
  w.number("BOOTID.UPNP.ORG", m.boot_id);
  w.number("CONFIGID.UPNP.ORG", m.config_id);
  if (m.kind == notify_kind::update) w.number("NEXTBOOTID.UPNP.ORG", m.next_boot_id);
  if (m.kind != notify_kind::byebye) w.number("SEARCHPORT.UPNP.ORG", m.search_port);
  return std::move(w).finish();
}

}  // namespace igdkit::ssdp
