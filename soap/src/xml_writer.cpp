#include "xml_writer.hpp"

namespace igdkit::soap::detail {
namespace {

void append_escaped(std::string& out, std::string_view text, bool attribute) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        if (attribute) out += "&quot;";
        else out += c;
        break;
      default:
        if (u < 0x20 && c != '\n' && c != '\t') {
          out += "&#x";
          out += hex[u >> 4];
          out += hex[u & 0xF];
          out += ';';
        } else {
          out += c;
        }
    }
  }
}

}  // namespace

void append_text(std::string& out, std::string_view text) { append_escaped(out, text, false); }

void append_attribute_value(std::string& out, std::string_view value) { append_escaped(out, value, true); }

void append_cdata(std::string& out, std::string_view text) {
  out += "<![CDATA[";
  for (std::size_t pos = 0;;) {
    const auto end = text.find("]]>", pos);
    if (end == std::string_view::npos) {
      out += text.substr(pos);
      break;
    }
    // Close after "]]", reopen before ">" so the terminator never appears inside one section.
    out += text.substr(pos, end + 2 - pos);
    out += "]]><![CDATA[";
    pos = end + 2;
  }
  out += "]]>";
}

}  // namespace igdkit::soap::detail
