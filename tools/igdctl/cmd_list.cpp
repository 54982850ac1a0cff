// igdctl list: GetListOfPortMappings on v2, the GetGenericPortMappingEntry walk on v1.
#include "commands.hpp"

#include <boost/json/array.hpp>

#include <iomanip>
#include <iostream>

namespace igdctl {

int run_list(context& ctx) {
  auto desc = command_options(ctx);
  std::size_t max = 1024;
  desc.add_options()("max", po::value(&max)->default_value(1024), "at most this many entries");
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;

  igd::client client(boost::asio::system_executor{});
  if (int rc = connect(ctx, client)) return rc;
  std::error_code ec;
  igd::diagnostics d;
  auto entries = client.list_mappings({max}, ec, &d);
  if (ec) return fail(ctx, "listing", ec, d);
  for (const auto& note : d.notes) std::cerr << "igdctl: " << igd::describe(note) << "\n";  // what was tolerated
  if (ctx.global.json) {
    boost::json::array a;
    for (const auto& e : entries) a.push_back(igd::to_json(e));
    print_json(a);
    return ok;
  }
  std::cout << std::left << std::setw(7) << "EXT" << std::setw(6) << "PROTO" << std::setw(22) << "INTERNAL"
            << std::setw(4) << "EN" << std::setw(9) << "LEASE" << std::setw(17) << "REMOTE" << "DESCRIPTION\n";
  for (const auto& e : entries) {
    std::cout << std::setw(7) << e.external_port << std::setw(6) << igdkit::to_string(e.proto) << std::setw(22)
              << (e.internal_client.to_string() + ":" + std::to_string(e.internal_port)) << std::setw(4)
              << (e.enabled ? 1 : 0) << std::setw(9) << e.lease.count() << std::setw(17)
              << (e.remote_host ? e.remote_host->to_string() : std::string("*")) << e.description << "\n";
  }
  std::cout << entries.size() << " mapping(s)\n";
  return ok;
}

}  // namespace igdctl
