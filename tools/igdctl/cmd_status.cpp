// igdctl status / external-ip / stats: read-only views of the chosen gateway.
#include "commands.hpp"

#include <iostream>

namespace igdctl {

namespace {
std::string ip_text(const std::optional<boost::asio::ip::address>& ip) { return ip ? ip->to_string() : "(unknown)"; }
}  // namespace

int run_status(context& ctx) {
  auto desc = command_options(ctx);
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;
  igd::client client(boost::asio::system_executor{});
  if (int rc = connect(ctx, client)) return rc;
  const auto& g = *client.current();
  // Link properties are optional: some IGDs lack WANCommonInterfaceConfig.
  std::error_code link_ec;
  auto link = client.invoke<igd::get_common_link_properties>({}, link_ec);
  if (ctx.global.json) {
    auto o = igd::to_json(g);
    if (!link_ec) o["link"] = igd::to_json(link);
    print_json(o);
    return ok;
  }
  std::cout << "device:     " << g.desc.root.friendly_name << " (" << g.desc.root.manufacturer << " "
            << g.desc.root.model_name << ")\n"
            << "location:   " << g.location.buffer() << "\n"
            << "service:    " << g.connection.connection.service_type << "\n"
            << "control:    " << g.connection.connection.control_url.buffer() << "\n"
            << "status:     " << g.status.connection_status << " (" << g.status.last_connection_error << ")\n"
            << "uptime:     " << g.status.uptime.count() << " s\n"
            << "external:   " << ip_text(g.external_ip) << "\n"
            << "rank:       " << igd::to_string(g.rank) << "\n";
  if (!link_ec) {
    std::cout << "link:       " << link.wan_access_type << ", " << link.physical_link_status << ", up "
              << link.layer1_upstream_max_bit_rate << " bit/s, down " << link.layer1_downstream_max_bit_rate
              << " bit/s\n";
  }
  return ok;
}

int run_external_ip(context& ctx) {
  auto desc = command_options(ctx);
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;
  igd::client client(boost::asio::system_executor{});
  if (int rc = connect(ctx, client)) return rc;
  std::error_code ec;
  igd::diagnostics d;
  auto ip = client.external_ip(ec, &d);
  if (ec) return fail(ctx, "GetExternalIPAddress", ec, d);
  if (ctx.global.json) {
    print_json(boost::json::object{{"external_ip", ip ? boost::json::value(ip->to_string()) : nullptr}});
  } else {
    std::cout << ip_text(ip) << "\n";
  }
  return ok;
}

int run_stats(context& ctx) {
  auto desc = command_options(ctx);
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;
  igd::client client(boost::asio::system_executor{});
  if (int rc = connect(ctx, client)) return rc;
  std::error_code ec;
  igd::diagnostics d;
  auto bytes_sent = client.invoke<igd::get_total_bytes_sent>({}, ec, &d);
  if (ec) return fail(ctx, "GetTotalBytesSent", ec, d);
  auto bytes_received = client.invoke<igd::get_total_bytes_received>({}, ec, &d);
  if (ec) return fail(ctx, "GetTotalBytesReceived", ec, d);
  auto packets_sent = client.invoke<igd::get_total_packets_sent>({}, ec, &d);
  if (ec) return fail(ctx, "GetTotalPacketsSent", ec, d);
  auto packets_received = client.invoke<igd::get_total_packets_received>({}, ec, &d);
  if (ec) return fail(ctx, "GetTotalPacketsReceived", ec, d);
  if (ctx.global.json) {
    print_json(boost::json::object{{"total_bytes_sent", bytes_sent.total_bytes_sent},
                                   {"total_bytes_received", bytes_received.total_bytes_received},
                                   {"total_packets_sent", packets_sent.total_packets_sent},
                                   {"total_packets_received", packets_received.total_packets_received}});
  } else {
    std::cout << "bytes sent:       " << bytes_sent.total_bytes_sent << "\n"
              << "bytes received:   " << bytes_received.total_bytes_received << "\n"
              << "packets sent:     " << packets_sent.total_packets_sent << "\n"
              << "packets received: " << packets_received.total_packets_received << "\n";
  }
  return ok;
}

}  // namespace igdctl
