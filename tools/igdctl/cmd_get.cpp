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
  igd::client client(boost::asio::system_executor{});
  if (int rc = connect(ctx, client)) return rc;
  std::error_code ec;
  igd::diagnostics d;
  auto e = client.get_port_mapping(*key, ec, &d);
  if (ec) return fail(ctx, "GetSpecificPortMappingEntry", ec, d);
  if (ctx.global.json) {
    print_json(igd::to_json(e));
  } else {
    std::cout << igdkit::to_string(e.proto) << " " << e.external_port << " -> " << e.internal_client << ":"
              << e.internal_port << " enabled=" << (e.enabled ? 1 : 0) << " lease=" << e.lease.count()
              << " s description=\"" << e.description << "\"\n";
  }
  return ok;
}

}  // namespace igdctl
