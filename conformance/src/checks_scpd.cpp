// The SCPDs of the WAN device's services (UDA 2.0 §2.5; WANIPConnection:1/2 §2, WANCommonInterface-
// Config:1 §2, WANIPv6FirewallControl:1; digest §2.3): fetched, read, and held against the specs'
// action and variable tables. Part of the description group.
#include "check_support.hpp"
#include "scpd_reader.hpp"
#include "spec_tables.hpp"

#include "igdkit/text.hpp"

namespace igdkit::conformance::support {
namespace scpd_group {

// The services the SCPD checks read, with their action-table identity.
struct known_service {
  const igd::service* svc;
  igd::service_version sv;
};

std::vector<known_service> known_services(session& s) {
  std::vector<known_service> out;
  if (!s.facts().wan) return out;
  const auto& w = *s.facts().wan;
  auto add = [&](const igd::service& svc) {
    if (auto sv = igd::parse_action_service_type(svc.service_type)) out.push_back({&svc, *sv});
  };
  add(w.connection);
  if (w.common_interface_config) add(*w.common_interface_config);
  if (w.ipv6_firewall) add(*w.ipv6_firewall);
  return out;
}

// Fetches and reads each known service's SCPD; fails `r` for one that cannot be read.
template <class Judge>
void each_scpd(session& s, check_result& r, Judge judge) {
  if (!need_wan(s, r)) return;
  for (const auto& k : known_services(s)) {
    if (!k.svc->scpd_url) {
      fail(r, k.svc->service_type + " has no SCPDURL");
      continue;
    }
    auto a = s.get(*k.svc->scpd_url);
    if (!a.answered() || a.status != 200) {
      fail(r, "GET " + std::string(k.svc->scpd_url->buffer()) + ": " + describe(a));
      continue;
    }
    std::string why;
    auto doc = read_scpd(a.body, &why);
    if (!doc) {
      fail(r, "the SCPD of " + k.svc->service_type + " is not well-formed: " + why);
      continue;
    }
    judge(k, a, *doc);
  }
}

void scpd_fetch(session& s, check_result& r) {
  each_scpd(s, r, [&](const known_service& k, const http_answer& a, const scpd_document&) {
    if (!text::istarts_with(header(a, "Content-Type").value_or(""), "text/xml"))
      fail(r, "the SCPD of " + k.svc->service_type + " has Content-Type '" + header(a, "Content-Type").value_or("") + "'");
  });
}

void scpd_root(session& s, check_result& r) {
  each_scpd(s, r, [&](const known_service& k, const http_answer&, const scpd_document& d) {
    if (d.root_name != "scpd" || d.root_namespace != "urn:schemas-upnp-org:service-1-0")
      fail(r, k.svc->service_type + ": the root is <" + d.root_name + "> in '" + d.root_namespace + "'");
    if (!d.spec_version || d.spec_version->first != "1") fail(r, k.svc->service_type + ": specVersion major is not 1");
  });
}

void scpd_required_actions(session& s, check_result& r) {
  each_scpd(s, r, [&](const known_service& k, const http_answer&, const scpd_document& d) {
    for (const auto& e : spec::actions_for(k.sv)) {
      if (e.required && !d.action(e.name)) fail(r, k.svc->service_type + " does not list the required action " + std::string(e.name));
    }
  });
}

void scpd_arguments(session& s, check_result& r) {
  each_scpd(s, r, [&](const known_service& k, const http_answer&, const scpd_document& d) {
    for (const auto& e : spec::actions_for(k.sv)) {
      const auto* got = d.action(e.name);
      if (!got) continue;
      std::string want, have;
      bool same = got->arguments.size() == e.arguments.size();
      for (std::size_t i = 0; i < e.arguments.size(); ++i) {
        const auto& x = e.arguments[i];
        want += std::string(i ? ", " : "") + std::string(x.name) + (x.in ? " in" : " out");
        if (i < got->arguments.size()) {
          const auto& g = got->arguments[i];
          same = same && (g.name == x.name || (!x.alias.empty() && g.name == x.alias)) && g.direction == (x.in ? "in" : "out");
        }
      }
      for (std::size_t i = 0; i < got->arguments.size(); ++i)
        have += std::string(i ? ", " : "") + got->arguments[i].name + " " + got->arguments[i].direction;
      if (!same) fail(r, std::string(e.name) + " lists (" + have + "), expected (" + want + ")");
    }
  });
}

void scpd_related_variables(session& s, check_result& r) {
  each_scpd(s, r, [&](const known_service& k, const http_answer&, const scpd_document& d) {
    for (const auto& a : d.actions) {
      for (const auto& arg : a.arguments) {
        if (!d.variable(arg.related))
          fail(r, k.svc->service_type + " " + a.name + "/" + arg.name + " relates to '" + arg.related + "', not in the state table");
      }
    }
  });
}

void scpd_variable_types(session& s, check_result& r) {
  each_scpd(s, r, [&](const known_service& k, const http_answer&, const scpd_document& d) {
    for (const auto& v : d.variables) {
      auto want = spec::variable_type(v.name);
      if (want && v.data_type != *want)
        fail(r, k.svc->service_type + " " + v.name + " is '" + v.data_type + "', expected " + std::string(*want));
    }
  });
}

void scpd_evented(session& s, check_result& r) {
  each_scpd(s, r, [&](const known_service& k, const http_answer&, const scpd_document& d) {
    if (k.sv.service != igd::action_service::wan_ip_connection && k.sv.service != igd::action_service::wan_ppp_connection) return;
    for (const auto& v : d.variables) {
      const bool want = spec::evented_in_wan_connection(v.name, k.sv.version);
      const bool has = v.send_events != "no";
      if (spec::variable_type(v.name) && want != has)
        fail(r, v.name + " has sendEvents=\"" + v.send_events + "\", expected " + (want ? "yes" : "no"));
    }
  });
}

constexpr std::string_view scpd = "UDA 2.0 §2.5";
constexpr auto g = group::description;
const check_def table[] = {
    {{"description.scpd-fetch", g, severity::must, scpd, "every SCPD answers 200 text/xml"}, scpd_fetch},
    {{"description.scpd-root", g, severity::must, scpd, "<scpd> in urn:schemas-upnp-org:service-1-0, specVersion 1.x"}, scpd_root},
    {{"description.scpd-required-actions", g, severity::must, "WANIPConnection:1/2 §2.4, WANCommonInterfaceConfig:1 §2.4", "every SCPD lists the service's required actions"}, scpd_required_actions},
    {{"description.scpd-arguments", g, severity::must, "WANIPConnection:1/2 §2.4", "standard actions list their arguments by name, direction and order"}, scpd_arguments},
    {{"description.scpd-related-variables", g, severity::must, scpd, "every argument's relatedStateVariable is in the state table"}, scpd_related_variables},
    {{"description.scpd-variable-types", g, severity::must, "WANIPConnection:1/2 §2.2", "standard state variables have their standard data types"}, scpd_variable_types},
    {{"description.scpd-evented", g, severity::should, "WANIPConnection:1/2 §2.2", "exactly the evented variables carry sendEvents=yes"}, scpd_evented},
};

}  // namespace scpd_group

std::span<const check_def> scpd_checks() { return scpd_group::table; }

}  // namespace igdkit::conformance::support
