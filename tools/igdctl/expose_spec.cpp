#include "expose_spec.hpp"

#include "igdkit/text.hpp"

namespace igdctl {

igdkit::result<igdkit::igd::keeper::desired_mapping> parse_expose_spec(std::string_view text, std::string* why) {
  auto fail = [&](std::string message) -> igdkit::result<igdkit::igd::keeper::desired_mapping> {
    if (why) *why = "'" + std::string(text) + "': " + std::move(message);
    return std::make_error_code(std::errc::invalid_argument);
  };
  const auto slash = text.rfind('/');
  if (slash == std::string_view::npos) return fail("expected PORT[:EXTPORT]/PROTO, e.g. 554/tcp");
  const auto name = igdkit::text::ascii_lower(text.substr(slash + 1));
  std::optional<igdkit::protocol> proto;
  if (name == "tcp") proto = igdkit::protocol::tcp;
  if (name == "udp") proto = igdkit::protocol::udp;
  if (!proto) return fail("protocol must be tcp or udp");
  const auto ports = text.substr(0, slash);
  const auto colon = ports.find(':');
  auto port = [](std::string_view s) { return igdkit::text::parse_decimal<std::uint16_t>(s); };
  const auto internal = port(ports.substr(0, colon));
  if (!internal || *internal == 0) return fail("the port must be 1-65535");
  igdkit::igd::keeper::desired_mapping m;
  m.proto = *proto;
  m.internal_port = *internal;
  if (colon != std::string_view::npos) {
    const auto external = port(ports.substr(colon + 1));
    if (!external || *external == 0) return fail("the external port must be 1-65535");
    m.external_port = *external;
  }
  m.label = std::to_string(m.internal_port) + (m.external_port ? ":" + std::to_string(*m.external_port) : "") + "/" +
            std::string(igdkit::to_string(m.proto));
  return m;
}

}  // namespace igdctl
