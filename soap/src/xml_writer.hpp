#pragma once
// The one XML writer used to build SOAP envelopes. Hand-built (rather than pugixml's printer)
// because routers are picky about the exact envelope shape (prefixes, no default namespace).
#include <string>
#include <string_view>

namespace igdkit::soap::detail {

// Text content: escapes only & < > (some servers mis-decode &quot;/&apos;). CR and other control
// characters become numeric references so they survive a parser's end-of-line normalisation.
void append_text(std::string& out, std::string_view text);

// Attribute value inside double quotes: additionally escapes ".
void append_attribute_value(std::string& out, std::string_view value);

// CDATA section; a "]]>" inside the text is split across two sections.
void append_cdata(std::string& out, std::string_view text);

}  // namespace igdkit::soap::detail
