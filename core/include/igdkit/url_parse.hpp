#pragma once
// Boost.URL's parse functions, behind one guard. Every URL that comes off the wire (LOCATION,
// URLBase, controlURL/SCPDURL, a user's --url) goes through these instead of boost::urls directly.
//
// Why: Boost.URL 1.81 mis-parses "scheme:" followed by exactly one character that ends an empty
// path ('?', '#', '"', '<', ' ', ...). Its path-segment count comes out wrong, which trips
// BOOST_ASSERT(nseg == 0) in debug builds and leaves a url_view with an inconsistent segment count
// in release builds (found by ssdp_message_fuzzer: "LOCATION: htt+p:?" and "LOCATION: x:\"").
// No router sends a URL that short, so every "scheme:" plus one character is refused as invalid
// before Boost sees it (that also refuses the valid but useless "a:b").
#include <boost/url/grammar/error.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <string_view>

namespace igdkit {

// True for "scheme:" plus exactly one character: a superset of what Boost.URL 1.81 mis-parses.
constexpr bool is_boost_url_empty_tail_trap(std::string_view text) noexcept {
  return text.size() >= 3 && text.find_first_of(":/?#") == text.size() - 2 && text[text.size() - 2] == ':';
}

inline boost::system::result<boost::urls::url_view> parse_absolute_url(std::string_view text) {
  if (is_boost_url_empty_tail_trap(text)) return boost::urls::grammar::error::invalid;
  return boost::urls::parse_absolute_uri(text);
}

inline boost::system::result<boost::urls::url_view> parse_url_reference(std::string_view text) {
  if (is_boost_url_empty_tail_trap(text)) return boost::urls::grammar::error::invalid;
  return boost::urls::parse_uri_reference(text);
}

}  // namespace igdkit
