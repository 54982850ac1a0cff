// igdctl validate (one mapping: on the router? open from outside?) and igdctl diagnose (the NAT
// verdict with evidence, advice and manual rules). Both survey, diagnose and print; neither
// changes the router.
#include "commands.hpp"
#include "expose_spec.hpp"
#include "validation.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>

namespace igdctl {
namespace asio = boost::asio;
namespace reach = igd::reach;

namespace {

void add_check_options(po::options_description& desc, validation_options& o) {
  desc.add_options()("prober", po::value(&o.prober), "port-open prober: lab:ADMIN_URL or a probe-server URL")
      ("stun", po::value(&o.stun), "STUN server HOST:PORT to learn the public address")
      ("upstream", po::value(&o.upstream), "an upstream router's description URL (double NAT)");
}

std::optional<asio::ip::address> interface_address(const context& ctx) {
  boost::system::error_code ec;
  if (ctx.global.interface.empty()) return std::nullopt;
  auto a = asio::ip::make_address(ctx.global.interface, ec);
  return ec ? std::nullopt : std::optional(a);
}

// This host's IPv4 address towards the chosen IGD (the default internal client).
std::optional<asio::ip::address_v4> our_address(const igd::client& c, const context& ctx) {
  if (auto a = interface_address(ctx); a && a->is_v4()) return a->to_v4();
  if (!c.current()) return std::nullopt;
  auto local = igd::local_address_towards(c.current()->connection.connection.control_url);
  if (!local || !local->is_v4()) return std::nullopt;
  return local->to_v4();
}

verdict_report run_check(igd::client& c, std::size_t answered, std::vector<reach::wanted_mapping> wanted,
                         const validation_options& o, const context& ctx) {
  asio::io_context io;
  verdict_report out;
  asio::co_spawn(io, check(c, answered, std::move(wanted), o, interface_address(ctx)),
                 [&](std::exception_ptr, verdict_report r) { out = std::move(r); });
  io.run();
  return out;
}

}  // namespace

int run_validate(context& ctx) {
  auto desc = command_options(ctx);
  validation_options o;
  std::string internal_client;
  desc.add_options()("external-port", po::value<unsigned>()->required(), "external port")
      ("protocol", po::value<std::string>()->required(), "TCP or UDP")
      ("internal-client", po::value(&internal_client), "the LAN host it must lead to (default: this host)")
      ("internal-port", po::value<unsigned>(), "the LAN port it must lead to (default: the router's entry's)");
  add_check_options(desc, o);
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;
  auto external = port_option(vm, "external-port");
  auto proto = protocol_option(vm);
  if (!external || !proto) return local_error;
  if (auto bad = check_validation_options(o)) return usage_error(ctx, *bad);

  igd::client c(asio::system_executor{});
  const bool found = connect(ctx, c, true) == ok;
  reach::wanted_mapping w{*external, *proto, {}, *external, "validate"};
  if (!internal_client.empty()) {
    boost::system::error_code aec;
    w.internal_client = asio::ip::make_address_v4(internal_client, aec);
    if (aec) return usage_error(ctx, "--internal-client must be an IPv4 address");
  } else if (auto me = our_address(c, ctx)) {
    w.internal_client = *me;
  }
  if (auto p = port_option(vm, "internal-port"); vm.count("internal-port")) {
    if (!p) return local_error;
    w.internal_port = *p;
  } else if (found) {
    std::error_code ec;
    auto entry = c.get_port_mapping({*external, *proto}, ec);
    if (!ec) w.internal_port = entry.internal_port;
  }
  auto report = run_check(c, found ? 1 : 0, {w}, o, ctx);
  print_diagnosis(ctx, report);
  if (!found) return nothing_found;
  return report.validations.at(0).passed() ? ok : not_reachable;
}

int run_diagnose(context& ctx) {
  auto desc = command_options(ctx);
  validation_options o;
  std::vector<std::string> specs;
  std::string to;
  desc.add_options()("mapping", po::value(&specs)->multitoken(),
                     "PORT[:EXTPORT]/PROTO to check on the router and from outside (repeatable, positional)")
      ("to", po::value(&to), "the LAN host the mappings lead to (default: this host)");
  add_check_options(desc, o);
  po::positional_options_description pos;
  pos.add("mapping", -1);
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm, &pos)) return *stop;
  if (auto bad = check_validation_options(o)) return usage_error(ctx, *bad);

  igd::client c(asio::system_executor{});
  const bool found = connect(ctx, c, true) == ok;
  std::optional<asio::ip::address_v4> lan_host = our_address(c, ctx);
  if (!to.empty()) {
    boost::system::error_code aec;
    lan_host = asio::ip::make_address_v4(to, aec);
    if (aec) return usage_error(ctx, "--to must be an IPv4 address");
  }
  std::vector<reach::wanted_mapping> wanted;
  for (const auto& text : specs) {
    std::string why;
    auto m = parse_expose_spec(text, &why);
    if (!m) return usage_error(ctx, why);
    wanted.push_back({m->preferred_external_port(), m->proto, lan_host.value_or(asio::ip::address_v4()), m->internal_port,
                      m->label});
  }
  auto report = run_check(c, found ? 1 : 0, std::move(wanted), o, ctx);
  print_diagnosis(ctx, report);
  return report.diagnosis.overall == reach::reachability::not_reachable || !found ? not_reachable : ok;
}

}  // namespace igdctl
