// igdctl delete / delete-range: DeletePortMapping and DeletePortMappingRange (v2).
#include "commands.hpp"

#include <iostream>

namespace igdctl {

int run_delete(context& ctx) {
  auto desc = command_options(ctx);
  add_mapping_key_options(desc);
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;
  auto key = mapping_key_option(vm);
  if (!key) return local_error;
  const auto port = key->external_port;
  const auto proto = key->proto;

  igd::client client(boost::asio::system_executor{});
  if (int rc = connect(ctx, client)) return rc;
  std::error_code ec;
  igd::diagnostics d;
  client.delete_port_mapping(*key, ec, &d);
  if (ec) return fail(ctx, "DeletePortMapping", ec, d);
  if (ctx.global.json) {
    print_json(boost::json::object{{"deleted", true}, {"external_port", port}, {"protocol", igdkit::to_string(proto)}});
  } else {
    std::cout << "deleted " << igdkit::to_string(proto) << " external port " << port << "\n";
  }
  return ok;
}

int run_delete_range(context& ctx) {
  auto desc = command_options(ctx);
  bool manage = false;
  desc.add_options()("start", po::value<unsigned>()->required(), "first external port")
      ("end", po::value<unsigned>()->required(), "last external port")
      ("protocol", po::value<std::string>()->required(), "TCP or UDP")
      ("manage", po::bool_switch(&manage), "also other clients' mappings (NewManage=1)");
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;
  auto start = port_option(vm, "start");
  auto end = port_option(vm, "end");
  auto proto = protocol_option(vm);
  if (!start || !end || !proto) return local_error;

  igd::client client(boost::asio::system_executor{});
  if (int rc = connect(ctx, client)) return rc;
  std::error_code ec;
  igd::diagnostics d;
  client.invoke<igd::delete_port_mapping_range>({*start, *end, *proto, manage}, ec, &d);
  if (ec) return fail(ctx, "DeletePortMappingRange", ec, d);
  if (ctx.global.json) {
    print_json(boost::json::object{{"deleted", true}, {"start", *start}, {"end", *end},
                                   {"protocol", igdkit::to_string(*proto)}});
  } else {
    std::cout << "deleted " << igdkit::to_string(*proto) << " mappings in " << *start << ".." << *end << "\n";
  }
  return ok;
}

}  // namespace igdctl
