// M-SEARCH rules (UDA 1.1 §1.3.2) on top of the SSDP parser: the parser decides what the
// datagram says, this file only compares it with what the spec asks for.
#include "igdkit/sim/strict/ssdp_checks.hpp"

#include "igdkit/ssdp/error.hpp"
#include "igdkit/ssdp/parse.hpp"
#include "igdkit/text.hpp"

#include <algorithm>
#include <chrono>

namespace igdkit::sim::strict {

namespace {

std::string_view first_line(std::string_view datagram) {
  auto line = datagram.substr(0, datagram.find('\n'));
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

// The header block only: SSDP has no body, and padding after the blank line is not ours to judge.
bool header_lines_end_in_crlf(std::string_view datagram) {
  std::size_t pos = 0;
  while (pos < datagram.size()) {
    const auto eol = datagram.find('\n', pos);
    if (eol == std::string_view::npos) return true;  // the datagram boundary ends the message
    if (eol == 0 || datagram[eol - 1] != '\r') return false;
    if (eol == pos + 1) return true;  // "\r\n" alone: the blank line
    pos = eol + 1;
  }
  return true;
}

// Why the parser refused an M-SEARCH, as the rule that covers it.
finding parse_failure(std::error_code ec, std::string_view datagram) {
  const auto name = ec.category() == ssdp::category() ? ssdp::to_string(static_cast<ssdp::errc>(ec.value()))
                                                      : std::string_view("error");
  const auto evidence = evidence_of(datagram);
  if (ec == ssdp::errc::missing_man) return {"ssdp.man", "M-SEARCH without MAN", evidence};
  if (ec == ssdp::errc::missing_st || ec == ssdp::errc::invalid_st)
    return {"ssdp.st", "ST missing or malformed (" + std::string(name) + ")", evidence};
  if (ec == ssdp::errc::invalid_mx) return {"ssdp.mx-range", "MX is not an integer", evidence};
  if (ec == ssdp::errc::bad_start_line)
    return {"ssdp.start-line", "start line is not \"M-SEARCH * HTTP/1.1\"", evidence_of(first_line(datagram))};
  return {"ssdp.malformed", "the SSDP parser rejects it (" + std::string(name) + ")", evidence};
}

bool is_search(std::string_view datagram) { return text::istarts_with(datagram, "M-SEARCH"); }

// Why answers_for() found nothing for a well-formed search.
finding unanswered(const ssdp::search_target& st, const search_context& ctx) {
  const auto value = st.to_string();
  const auto evidence = evidence_of("ST: " + value);
  if (st.kind == ssdp::target_kind::other)
    return {"ssdp.st-unknown", "search for \"" + value + "\" ignored: not a UDA search target", evidence};
  if (st.is_type()) {
    const auto& set = *ctx.devices;
    unsigned highest = 0;
    const auto consider = [&](const ssdp::advertised_device& d) {
      if (d.type.same_type(st)) highest = std::max(highest, d.type.version);
      for (const auto& s : d.services)
        if (s.same_type(st)) highest = std::max(highest, s.version);
    };
    consider(set.root);
    for (const auto& d : set.embedded) consider(d);
    if (highest > 0 && st.version > highest) {
      return {"ssdp.st-version",
              "search for \"" + value + "\" ignored: the device implements version " + std::to_string(highest), evidence};
    }
    if (highest > 0) {
      // Only firmware that matches exactly (a profile) refuses a lower version.
      return {"ssdp.st-not-served", "search for \"" + value + "\" ignored: this firmware answers only version " +
                                        std::to_string(highest), evidence};
    }
  }
  return {"ssdp.st-not-served", "search for \"" + value + "\" ignored: the device has no such " +
                                    (st.kind == ssdp::target_kind::uuid ? "UUID" : "type"), evidence};
}

}  // namespace

std::vector<finding> check_search_datagram(std::string_view datagram, const search_context& ctx) {
  std::vector<finding> out;
  if (!ctx.devices) return out;
  auto parsed = ssdp::parse_message(datagram);
  if (!parsed) {
    // Only an M-SEARCH is a request to us; garbage that is no SSDP message at all is one too.
    const bool other_kind = text::istarts_with(datagram, "NOTIFY") || text::istarts_with(datagram, "HTTP/");
    if (is_search(datagram) || !other_kind) out.push_back(parse_failure(parsed.error(), datagram));
    return out;
  }
  const auto* request = std::get_if<ssdp::search_request>(&*parsed);
  if (!request) return out;

  if (first_line(datagram) != "M-SEARCH * HTTP/1.1")
    out.push_back({"ssdp.start-line", "start line is not \"M-SEARCH * HTTP/1.1\"", evidence_of(first_line(datagram))});
  if (!header_lines_end_in_crlf(datagram))
    out.push_back({"ssdp.line-endings", "a header line ends in a bare LF", evidence_of(datagram)});

  const std::string expected_host = ctx.multicast ? std::string("239.255.255.250:1900") : ctx.unicast_host;
  if (request->host.empty()) {
    out.push_back({"ssdp.host", "M-SEARCH without HOST", evidence_of(first_line(datagram))});
  } else if (!text::iequals(request->host, expected_host)) {
    std::string why = ctx.multicast ? "a multicast search must name the group"
                                    : "a unicast search names the device's address and port";
    out.push_back({"ssdp.host", "HOST is \"" + request->host + "\"; " + why + " (" + expected_host + ")",
                   evidence_of("HOST: " + request->host)});
  }

  if (request->man != ssdp::discover_man) {
    if (request->man == "ssdp:discover")
      out.push_back({"ssdp.man-quoted", "MAN must be \"ssdp:discover\" with the quotes", evidence_of("MAN: " + request->man)});
    else
      out.push_back({"ssdp.man", "MAN is not \"ssdp:discover\": the search is dropped", evidence_of("MAN: " + request->man)});
  }

  // MX matters only on the group; a unicast search is answered at once (UDA 1.1: MX not used).
  if (ctx.multicast) {
    if (!request->mx) {
      out.push_back({"ssdp.mx-missing", "multicast M-SEARCH without MX: the search is dropped", evidence_of(first_line(datagram))});
    } else if (request->mx->count() < 1 || request->mx->count() > 5) {
      out.push_back({"ssdp.mx-range", "MX is " + std::to_string(request->mx->count()) + ", not 1..5",
                     evidence_of("MX: " + std::to_string(request->mx->count()))});
    }
  }

  // A search the responder drops for its MAN or MX gets no answer for that reason alone.
  const bool admitted = request->man == ssdp::discover_man && (!ctx.multicast || request->mx);
  if (admitted && ssdp::answers_for(*ctx.devices, request->st, ctx.matching).empty())
    out.push_back(unanswered(request->st, ctx));
  return out;
}

}  // namespace igdkit::sim::strict
