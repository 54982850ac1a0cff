// igdctl get: GetSpecificPortMappingEntry.
#include "commands.hpp"

#include <iostream>

namespace igdctl {

int run_get(context& ctx) {
  auto desc = command_options(ctx);
  desc.add_options()("external-port", po::value<unsigned>()->required(), "external port")
      ("protocol", po::value<std::string>()->required(), "TCP or UDP")
      ("remote-host", po::value<std::string>(), "remote host IP (default: any)");
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;
  auto port = port_option(vm, "external-port");
  auto proto = protocol_option(vm);
  auto remote = address_option(vm, "remote-host");
  if (!port || !proto || (vm.count("remote-host") && !remote)) return local_error;

  igd::client client(boost::asio::system_executor{});
  if (int rc = connect(ctx, client)) return rc;
  igd::port_mapping_key key{remote ? igd::host_address(*remote) : igd::host_address{}, *port, *proto};
  std::error_code ec;
  igd::diagnostics d;
  auto e = client.invoke<igd::get_specific_port_mapping_entry>(key, ec, &d);
  if (ec) return fail(ctx, "GetSpecificPortMappingEntry", ec, d);
  if (ctx.global.json) {
    auto o = igd::to_json(e);
    o["external_port"] = *port;
    o["protocol"] = igdkit::to_string(*proto);
    print_json(o);
  } else {
    std::cout << igdkit::to_string(*proto) << " " << *port << " -> " << e.internal_client.text() << ":"
              << e.internal_port << " enabled=" << (e.enabled ? 1 : 0) << " lease=" << e.lease_duration.count()
              << " s description=\"" << e.description << "\"\n";
  }
  return ok;
}

}  // namespace igdctl
