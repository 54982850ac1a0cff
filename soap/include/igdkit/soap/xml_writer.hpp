#pragma once
// The one XML writer used to build SOAP envelopes. Hand-built (rather than pugixml's printer)
// because routers are picky about the exact envelope shape (prefixes, no default namespace).
#include <string>
#include <string_view>

namespace igdkit::soap::detail {

// Text content: escapes only & < > (some servers mis-decode &quot;/&apos;). CR becomes &#xD; so it
// survives a parser's end-of-line normalisation; the other C0 controls, which XML 1.0 cannot
// carry even as references, are dropped.
void append_text(std::string& out, std::string_view text);

// Attribute value inside double quotes: additionally escapes ".
void append_attribute_value(std::string& out, std::string_view value);

// CDATA section; a "]]>" inside the text is split across two sections.
void append_cdata(std::string& out, std::string_view text);

}  // namespace igdkit::soap::detail
