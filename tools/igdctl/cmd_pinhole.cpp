// igdctl pinhole add|update|delete|list|check: WANIPv6FirewallControl. The service has no
// listing action, so "list" shows the firewall status the other subcommands depend on.
#include "commands.hpp"

#include <iostream>

namespace igdctl {

namespace {

constexpr auto firewall = igdkit::soap::error_context::firewall;

std::optional<std::uint16_t> pinhole_protocol(const std::string& text) {
  if (auto p = igdkit::protocol_from_text(text))
    return *p == igdkit::protocol::tcp ? igd::pinhole_protocol_tcp : igd::pinhole_protocol_udp;
  if (text == "any" || text == "ANY") return igd::pinhole_protocol_any;
  return std::nullopt;
}

int report(const context& ctx, const boost::json::object& o, const std::string& text) {
  if (ctx.global.json) {
    print_json(o);
  } else {
    std::cout << text << "\n";
  }
  return ok;
}

constexpr std::string_view subcommands[] = {"add", "update", "delete", "list", "check"};

// The options of one subcommand (ctx.command already names it); nullopt for an unknown one.
std::optional<po::options_description> sub_options(const context& ctx, std::string_view sub, unsigned& lease) {
  auto desc = command_options(ctx);
  if (sub == "add") {
    desc.add_options()("remote-host", po::value<std::string>()->default_value(""), "remote IPv6 host (empty: any)")
        ("remote-port", po::value<unsigned>()->default_value(0), "remote port (0: any)")
        ("internal-client", po::value<std::string>()->required(), "internal IPv6 address")
        ("internal-port", po::value<unsigned>()->required(), "internal port")
        ("protocol", po::value<std::string>()->required(), "TCP, UDP or any")
        ("lease", po::value(&lease)->default_value(3600), "lease in seconds (1..86400)");
  } else if (sub == "update") {
    desc.add_options()("id", po::value<unsigned>()->required(), "pinhole UniqueID")
        ("lease", po::value(&lease)->default_value(3600), "new lease in seconds");
  } else if (sub == "delete" || sub == "check") {
    desc.add_options()("id", po::value<unsigned>()->required(), "pinhole UniqueID");
  } else if (sub != "list") {
    return std::nullopt;
  }
  return desc;
}

constexpr std::string_view usage = "usage: igdctl pinhole add|update|delete|list|check [options]";

// `igdctl pinhole --help`: every subcommand's options.
int pinhole_help(const context& ctx) {
  std::cout << usage << "\n";
  unsigned lease = 0;
  for (auto sub : subcommands) {
    context each = ctx;
    each.command += " " + std::string(sub);
    std::cout << "\n" << *sub_options(each, sub, lease);
  }
  return ok;
}

}  // namespace

int run_pinhole(context& ctx) {
  if (ctx.args.empty() || ctx.args.front().starts_with("-"))
    return wants_help(ctx.args) ? pinhole_help(ctx) : usage_error(ctx, usage);
  const std::string sub = ctx.args.front();
  ctx.args.erase(ctx.args.begin());
  ctx.command += " " + sub;

  unsigned lease = 3600;
  auto options = sub_options(ctx, sub, lease);
  if (!options) return usage_error(ctx, "unknown pinhole subcommand '" + sub + "'");
  const auto& desc = *options;
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;
  std::optional<std::uint16_t> id;
  if (vm.count("id") && !(id = port_option(vm, "id"))) return local_error;

  igd::client client(boost::asio::system_executor{});
  if (int rc = connect(ctx, client)) return rc;
  std::error_code ec;
  igd::diagnostics d;
  if (sub == "list") {
    auto s = client.invoke<igd::get_firewall_status>({}, ec, &d);
    if (ec) return fail(ctx, "GetFirewallStatus", ec, d, firewall);
    return report(ctx, {{"firewall_enabled", s.firewall_enabled}, {"inbound_pinhole_allowed", s.inbound_pinhole_allowed}},
                  std::string("firewall enabled: ") + (s.firewall_enabled ? "yes" : "no") +
                      ", inbound pinholes allowed: " + (s.inbound_pinhole_allowed ? "yes" : "no") +
                      " (WANIPv6FirewallControl has no listing action)");
  }
  if (sub == "add") {
    auto proto = pinhole_protocol(vm["protocol"].as<std::string>());
    auto remote_port = port_option(vm, "remote-port");
    auto internal_port = port_option(vm, "internal-port");
    if (!proto || !remote_port || !internal_port) return usage_error(ctx, "bad --protocol or port");
    igd::add_pinhole_request r{igd::host_address::from_text(vm["remote-host"].as<std::string>()), *remote_port,
                               igd::host_address::from_text(vm["internal-client"].as<std::string>()),
                               *internal_port, *proto, std::chrono::seconds(lease)};
    auto added = client.invoke<igd::add_pinhole>(r, ec, &d);
    if (ec) return fail(ctx, "AddPinhole", ec, d, firewall);
    return report(ctx, {{"unique_id", added.unique_id}}, "pinhole id " + std::to_string(added.unique_id));
  }
  if (sub == "update") {
    client.invoke<igd::update_pinhole>({*id, std::chrono::seconds(lease)}, ec, &d);
    if (ec) return fail(ctx, "UpdatePinhole", ec, d, firewall);
    return report(ctx, {{"unique_id", *id}, {"lease_s", lease}}, "updated pinhole " + std::to_string(*id));
  }
  if (sub == "delete") {
    client.invoke<igd::delete_pinhole>({*id}, ec, &d);
    if (ec) return fail(ctx, "DeletePinhole", ec, d, firewall);
    return report(ctx, {{"unique_id", *id}, {"deleted", true}}, "deleted pinhole " + std::to_string(*id));
  }
  auto working = client.invoke<igd::check_pinhole_working>({*id}, ec, &d);
  if (ec) return fail(ctx, "CheckPinholeWorking", ec, d, firewall);
  auto packets = client.invoke<igd::get_pinhole_packets>({*id}, ec, &d);
  if (ec) return fail(ctx, "GetPinholePackets", ec, d, firewall);
  return report(ctx, {{"unique_id", *id}, {"is_working", working.is_working}, {"pinhole_packets", packets.pinhole_packets}},
                "pinhole " + std::to_string(*id) + ": working=" + (working.is_working ? "yes" : "no") +
                    ", packets=" + std::to_string(packets.pinhole_packets));
}

}  // namespace igdctl
