// igdctl add / add-any: AddPortMapping (with the workaround policy) and AddAnyPortMapping.
#include "commands.hpp"

#include <iostream>

namespace igdctl {

namespace {

int add_common(context& ctx, bool any) {
  auto desc = command_options(ctx);
  unsigned lease = 3600;
  std::string text = "igdctl";
  bool other_port = false, same_port = false, no_zero_lease = false;
  desc.add_options()("internal-client", po::value<std::string>(), "internal IP (default: our address towards the IGD)")
      ("internal-port", po::value<unsigned>()->required(), "internal port")
      ("external-port", po::value<unsigned>()->required(), "external port")
      ("protocol", po::value<std::string>()->required(), "TCP or UDP")
      ("lease", po::value(&lease)->default_value(3600), "lease in seconds (0 = permanent on v1)")
      ("description", po::value(&text)->default_value("igdctl"), "mapping description")
      ("remote-host", po::value<std::string>(), "remote host IP (default: any)")
      ("allow-other-port", po::bool_switch(&other_port), "on 718, try another external port (AddAny on v2)")
      ("allow-same-port", po::bool_switch(&same_port), "on 724, use internal port = external port")
      ("no-zero-lease", po::bool_switch(&no_zero_lease), "never fall back to a permanent lease");
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;

  igd::mapping_request m;
  auto internal_port = port_option(vm, "internal-port");
  auto external_port = port_option(vm, "external-port");
  auto proto = protocol_option(vm);
  auto client_ip = address_option(vm, "internal-client");
  auto remote = address_option(vm, "remote-host");
  if (!internal_port || !external_port || !proto || (vm.count("internal-client") && !client_ip) ||
      (vm.count("remote-host") && !remote))
    return local_error;
  m.internal_port = *internal_port;
  m.external_port = *external_port;
  m.proto = *proto;
  m.internal_client = client_ip;
  m.remote_host = remote;
  m.lease = std::chrono::seconds(lease);
  m.description = text;
  m.workarounds = {!no_zero_lease, other_port, same_port};

  igd::client client(boost::asio::system_executor{});
  if (int rc = connect(ctx, client)) return rc;
  std::error_code ec;
  igd::diagnostics d;
  auto r = any ? client.add_any_port_mapping(m, ec, &d) : client.add_port_mapping(m, ec, &d);
  if (ec) return fail(ctx, any ? "AddAnyPortMapping" : "AddPortMapping", ec, d);
  if (ctx.global.json) {
    auto o = igd::to_json(r);
    o["protocol"] = igdkit::to_string(m.proto);
    print_json(o);
    return ok;
  }
  std::cout << "mapped " << igdkit::to_string(m.proto) << " external port " << r.external_port << " -> "
            << r.internal_client.to_string() << ":" << r.internal_port << " (lease " << r.lease.count() << " s)\n";
  for (auto w : r.applied) std::cout << "workaround used: " << igd::to_string(w) << "\n";
  return ok;
}

}  // namespace

int run_add(context& ctx) { return add_common(ctx, false); }
int run_add_any(context& ctx) { return add_common(ctx, true); }

}  // namespace igdctl
