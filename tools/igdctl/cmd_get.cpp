// igdctl get: GetSpecificPortMappingEntry.
#include "commands.hpp"

#include <iostream>

namespace igdctl {

int run_get(context& ctx) {
  auto desc = command_options(ctx);
  add_mapping_key_options(desc);
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;
  auto key = mapping_key_option(vm);
  if (!key) return local_error;
  const auto port = key->external_port;
  const auto proto = *key->protocol.strict();

  igd::client client(boost::asio::system_executor{});
  if (int rc = connect(ctx, client)) return rc;
  std::error_code ec;
  igd::diagnostics d;
  auto e = client.invoke<igd::get_specific_port_mapping_entry>(*key, ec, &d);
  if (ec) return fail(ctx, "GetSpecificPortMappingEntry", ec, d);
  if (ctx.global.json) {
    auto o = igd::to_json(e);
    o["external_port"] = port;
    o["protocol"] = igdkit::to_string(proto);
    print_json(o);
  } else {
    std::cout << igdkit::to_string(proto) << " " << port << " -> " << e.internal_client.text() << ":"
              << e.internal_port << " enabled=" << (e.enabled ? 1 : 0) << " lease=" << e.lease_duration.count()
              << " s description=\"" << e.description << "\"\n";
  }
  return ok;
}

}  // namespace igdctl
