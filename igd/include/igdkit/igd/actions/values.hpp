#pragma once
// Typed values that keep their wire text: a router must see exactly what the peer sent (to apply
// case-sensitivity profiles or accept hostnames), while callers get typed accessors.
#include "igdkit/protocol.hpp"

#include <boost/asio/ip/address.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace igdkit::igd {

// A host carried in a string argument (NewRemoteHost, NewInternalClient, RemoteHost, ...).
// Usually an IP address; some routers send or accept hostnames, so the text is kept verbatim.
// Empty (or "*", which some implementations accept) is the wildcard.
class host_address {
 public:
  host_address() = default;  // the wildcard / empty string
  host_address(const boost::asio::ip::address& address);  // NOLINT: typed address in
  static host_address from_text(std::string_view text) { return host_address(std::string(text)); }

  const std::string& text() const noexcept { return text_; }
  bool is_wildcard() const noexcept { return text_.empty() || text_ == "*"; }
  // The address if the text is a literal IP address (surrounding XML whitespace ignored).
  std::optional<boost::asio::ip::address> ip() const noexcept;

  friend bool operator==(const host_address&, const host_address&) = default;

 private:
  explicit host_address(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// NewProtocol as sent on the wire. Decoding never rejects it: the router decides (per profile)
// whether "tcp" is acceptable and answers unknown values with 601/402; the client just reports.
class wire_protocol {
 public:
  wire_protocol() = default;  // empty text: no protocol given
  wire_protocol(protocol p) : text_(to_string(p)) {}  // NOLINT: typed protocol in
  static wire_protocol from_text(std::string_view text) { return wire_protocol(std::string(text)); }

  const std::string& text() const noexcept { return text_; }
  // Exact "TCP"/"UDP", as the spec requires.
  std::optional<protocol> strict() const noexcept { return protocol_from_wire(text_); }
  // Any letter case ("tcp", "Udp"), as tolerant peers do.
  std::optional<protocol> lenient() const noexcept { return protocol_from_text(text_); }

  friend bool operator==(const wire_protocol&, const wire_protocol&) = default;

 private:
  explicit wire_protocol(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

}  // namespace igdkit::igd
