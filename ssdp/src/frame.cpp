#include "frame.hpp"

#include "igdkit/ssdp/error.hpp"
#include "igdkit/ssdp/messages.hpp"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/asio/buffer.hpp>

namespace igdkit::ssdp::detail {
namespace {

namespace http = boost::beast::http;

bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t' && c != '\r' && c != '\n') || u == 0x7f;
}

// Classifies the start line before Beast sees it, so each failure gets its own code.
result<frame_kind> classify(std::string_view data) {
  const auto eol = data.find('\n');
  std::string_view line = data.substr(0, eol);
  for (const char c : line)
    if (is_control(c)) return make_error_code(errc::binary_garbage);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.starts_with("HTTP/")) return frame_kind::response;
  const auto sp = line.find(' ');
  const bool http_tail = line.size() >= 8 && line.substr(line.size() - 8, 6) == "HTTP/1";
  if (sp == std::string_view::npos || !http_tail) {
    // A cut-off start line of a real SSDP message is truncation, anything else is not HTTP.
    if (eol == std::string_view::npos && (line.starts_with("M-SEARCH") || line.starts_with("NOTIFY")))
      return make_error_code(errc::truncated);
    return make_error_code(errc::not_http);
  }
  const auto method = line.substr(0, sp);
  const auto rest = line.substr(sp + 1);
  if (!rest.starts_with("* ")) return make_error_code(errc::bad_start_line);
  if (method == "M-SEARCH") return frame_kind::search;
  if (method == "NOTIFY") return frame_kind::notify;
  return make_error_code(errc::bad_start_line);
}

// Copies the header block with every line ending as CRLF and a final blank line; drops
// whatever follows the blank line (SSDP has no body, and some stacks pad datagrams).
result<std::string> normalize(std::string_view data) {
  std::string out;
  out.reserve(data.size() + 64);
  while (!data.empty()) {
    const auto eol = data.find('\n');
    if (eol == std::string_view::npos) return make_error_code(errc::truncated);
    auto line = data.substr(0, eol);
    data.remove_prefix(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.append(line).append("\r\n");
    if (line.empty()) return out;
  }
  out.append("\r\n");  // datagram boundary ends the message even without the blank line
  return out;
}

std::error_code map_beast(const boost::system::error_code& ec) {
  if (ec == http::error::need_more || ec == http::error::partial_message) return errc::truncated;
  if (ec == http::error::bad_method || ec == http::error::bad_target || ec == http::error::bad_version ||
      ec == http::error::bad_status || ec == http::error::bad_reason)
    return errc::bad_start_line;
  return errc::malformed_headers;
}

template <class Parser>
result<frame> run_parser(Parser& p, const std::string& text, frame_kind kind) {
  p.header_limit(static_cast<std::uint32_t>(text.size() + 1));
  p.eager(false);
  boost::system::error_code ec;
  p.put(boost::asio::buffer(text), ec);
  if (ec) return map_beast(ec);
  if (!p.is_header_done()) return make_error_code(errc::truncated);
  frame f;
  f.kind = kind;
  f.fields = p.get().base();
  return f;
}

}  // namespace

result<frame> parse_frame(std::string_view datagram) {
  if (datagram.size() > max_datagram_size) return make_error_code(errc::datagram_too_large);
  if (datagram.empty()) return make_error_code(errc::empty_datagram);
  auto kind = classify(datagram);
  if (!kind) return kind.error();
  auto text = normalize(datagram);
  if (!text) return text.error();

  if (*kind == frame_kind::response) {
    http::response_parser<http::empty_body> p;
    p.skip(true);  // no body: the header block is the whole message
    auto f = run_parser(p, *text, *kind);
    if (f && p.get().result_int() != 200) return make_error_code(errc::unexpected_status);
    return f;
  }
  http::request_parser<http::empty_body> p;
  auto f = run_parser(p, *text, *kind);
  if (f && p.get().target() != "*") return make_error_code(errc::bad_start_line);
  return f;
}

std::optional<std::string_view> header(const frame& f, std::string_view name) {
  const auto it = f.fields.find(name);
  if (it == f.fields.end()) return std::nullopt;
  const auto v = it->value();
  return std::string_view(v.data(), v.size());
}

}  // namespace igdkit::ssdp::detail
