#include "igdkit/soap/xml_writer.hpp"

#include "igdkit/text.hpp"

namespace igdkit::soap::detail {
namespace {

void append_escaped(std::string& out, std::string_view text, bool attribute) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        if (attribute) out += "&quot;";
        else out += c;
        break;
      case '\r': out += "&#xD;"; break;  // a raw CR would be normalised to LF by the reader
      default:
        if (!igdkit::text::is_forbidden_in_xml(c)) out += c;  // XML 1.0 cannot carry the rest
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
