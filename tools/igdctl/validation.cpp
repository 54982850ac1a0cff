#include "validation.hpp"

#include "igdkit/igd/reach/json.hpp"
#include "igdkit/url_parse.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json/serialize.hpp>

#include <iostream>

namespace igdctl {
namespace asio = boost::asio;
namespace reach = igd::reach;

std::optional<std::string> check_validation_options(const validation_options& o) {
  if (!o.prober.empty() && !reach::prober::parse(o.prober))
    return "--prober must be lab:http://HOST:PORT (the simrouter admin API) or http://HOST:PORT (a probe-server)";
  if (!o.stun.empty() && !parse_host_port(o.stun)) return "--stun must be HOST:PORT with a numeric host";
  if (!o.upstream.empty() && !igdkit::parse_absolute_url(o.upstream)) return "--upstream must be a description URL";
  return std::nullopt;
}

namespace {

reach::survey_request make_request(std::vector<reach::wanted_mapping> wanted, const validation_options& o,
                                   const std::optional<asio::ip::address>& local_address) {
  reach::survey_request r;
  r.mappings = std::move(wanted);
  if (!o.prober.empty()) r.port_prober = *reach::prober::parse(o.prober);
  if (!o.stun.empty()) r.stun_server = parse_host_port(o.stun);
  if (!o.upstream.empty()) r.upstream = *igdkit::parse_absolute_url(o.upstream);
  r.local_address = local_address;
  if (r.port_prober && local_address) r.port_prober->set_local_address(local_address);
  return r;
}

verdict_report judge(reach::observations observed) {
  verdict_report out;
  out.observed = std::move(observed);
  out.diagnosis = reach::diagnose(out.observed);
  for (std::size_t i = 0; i < out.observed.mappings.size(); ++i)
    out.validations.push_back(reach::validate(out.observed, out.diagnosis, i));
  return out;
}

}  // namespace

asio::awaitable<verdict_report> check(igd::client& c, std::size_t gateways_answered,
                                      std::vector<reach::wanted_mapping> wanted, validation_options o,
                                      std::optional<asio::ip::address> local_address) {
  auto observed = co_await reach::survey(c, gateways_answered, make_request(std::move(wanted), o, local_address));
  co_return judge(std::move(observed));
}

asio::awaitable<verdict_report> validate_mapping(igd::gateway g, igd::keeper::mapping_up up, validation_options o) {
  auto ex = co_await asio::this_coro::executor;
  igd::client c(ex, igdkit::soap::http_options{std::chrono::milliseconds(2000)});
  c.use(std::move(g));
  // A named vector: g++ 12 rejects a braced temporary inside a co_await expression.
  std::vector<reach::wanted_mapping> wanted{
      {up.external_port, up.proto, up.internal_client, up.internal_port, up.id.set + "/" + up.id.label}};
  co_return co_await check(c, 1, std::move(wanted), std::move(o), std::nullopt);
}

namespace {

std::string endpoint_line(const igd::keeper::mapping_up& up) {
  return (up.external_ip ? up.external_ip->to_string() : std::string("?")) + ":" + std::to_string(up.external_port) +
         " -> " + up.internal_client.to_string() + ":" + std::to_string(up.internal_port) + " " +
         std::string(igdkit::to_string(up.proto));
}

void print_findings(const reach::diagnosis& d, bool problems_only) {
  for (const auto& f : d.findings) {
    if (problems_only && f.level == reach::severity::info) continue;
    std::cout << "  [" << reach::to_string(f.level) << "] " << reach::to_string(f.kind) << ": " << f.evidence << "\n";
    if (!f.advice.empty()) std::cout << "      what to do: " << f.advice << "\n";
  }
}

void print_rules(const reach::diagnosis& d) {
  if (d.rules.empty()) return;
  std::cout << "  manual forwarding rules (if you set the router up by hand):\n";
  for (const auto& r : d.rules) std::cout << "    " << reach::to_string(r) << "\n";
}

}  // namespace

void print_validation(const context& ctx, const igd::keeper::mapping_up& up, const verdict_report& r) {
  const auto& v = r.validations.at(0);
  if (ctx.global.json) {
    auto o = reach::to_json(v).as_object();
    o["event"] = "validated";
    o["set"] = up.id.set;
    o["label"] = up.id.label;
    o["diagnosis"] = reach::to_json(r.diagnosis);
    std::cout << boost::json::serialize(o) << std::endl;
    return;
  }
  std::string verdict = v.passed() ? "reachable"
                        : !v.router_has_mapping ? "NOT on the router"
                        : !v.port_open          ? "on the router (port-open check not run)"
                                                : "NOT reachable from outside";
  std::cout << endpoint_line(up) << "  " << verdict << std::endl;
  if (!v.passed()) {
    std::cout << "  " << v.summary << "\n";
    print_findings(r.diagnosis, true);
    print_rules(r.diagnosis);
    std::cout << std::flush;
  }
}

void print_diagnosis(const context& ctx, const verdict_report& r) {
  if (ctx.global.json) {
    auto o = reach::to_json(r.diagnosis).as_object();
    boost::json::array validations;
    for (const auto& v : r.validations) validations.push_back(reach::to_json(v));
    o["validations"] = std::move(validations);
    std::cout << boost::json::serialize(o) << std::endl;
    return;
  }
  std::cout << "verdict: " << reach::to_string(r.diagnosis.overall) << "\n";
  print_findings(r.diagnosis, false);
  for (const auto& v : r.validations) std::cout << "  " << v.summary << "\n";
  print_rules(r.diagnosis);
  std::cout << std::flush;
}

}  // namespace igdctl
