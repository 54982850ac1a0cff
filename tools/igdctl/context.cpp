#include "context.hpp"

#include "igdkit/url_parse.hpp"
#include "igdkit/ssdp/error.hpp"
#include "igdkit/text.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <iostream>

namespace igdctl {

po::options_description global_options_description(global_options& g) {
  po::options_description d("Global options");
  d.add_options()("help,h", "show help")                                                      //
      ("url", po::value(&g.url), "root description URL (skips discovery)")                   //
      ("unicast", po::value(&g.unicast), "send M-SEARCH only to HOST:PORT")                   //
      ("interface", po::value(&g.interface),
       "local address for SSDP (IPv6: fe80::X%IFACE searches ff02::c, a ULA/global ff05::c)")  //
      ("timeout", po::value(&g.timeout_ms)->default_value(3000), "discovery timeout in ms")  //
      ("json", po::bool_switch(&g.json), "print one JSON document");
  return d;
}

po::options_description command_options(const context& ctx) {
  po::options_description d("igdctl " + ctx.command + " options");
  d.add_options()("help,h", "show help");
  return d;
}

bool wants_help(const std::vector<std::string>& args) {
  return std::ranges::any_of(args, [](const std::string& a) { return a == "--help" || a == "-h"; });
}

std::optional<int> parse_args(const context& ctx, const po::options_description& desc, po::variables_map& vm,
                              const po::positional_options_description* positional) {
  // Help first: neither a missing required option nor a bad value may hide it.
  if (wants_help(ctx.args)) {
    std::cout << desc;
    return ok;
  }
  try {
    po::command_line_parser parser(ctx.args);
    parser.options(desc);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "igdctl " << ctx.command << ": " << e.what() << "\n" << desc;
    return local_error;
  }
  return std::nullopt;
}

std::optional<boost::asio::ip::udp::endpoint> parse_host_port(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string host(text.substr(0, colon));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const auto port = igdkit::text::parse_decimal<std::uint16_t>(text.substr(colon + 1));
  if (!port || *port == 0) return std::nullopt;
  boost::system::error_code bec;
  auto addr = boost::asio::ip::make_address(host, bec);
  if (bec) return std::nullopt;
  return boost::asio::ip::udp::endpoint(addr, *port);
}

igdkit::result<igdkit::ssdp::search_options> search_options_from(const global_options& g) {
  igdkit::ssdp::search_options o;
  o.timeout = std::chrono::milliseconds(g.timeout_ms);
  boost::system::error_code bec;
  if (!g.interface.empty()) {
    o.interface_address = boost::asio::ip::make_address(g.interface, bec);
    if (bec) return std::make_error_code(std::errc::invalid_argument);
  }
  if (!g.unicast.empty()) {
    auto endpoint = parse_host_port(g.unicast);
    if (!endpoint) return std::make_error_code(std::errc::invalid_argument);
    o.unicast = *endpoint;
  }
  return o;
}

int connect(const context& ctx, igd::client& client, bool quiet) {
  std::error_code ec;
  igd::diagnostics d;
  if (!ctx.global.url.empty()) {
    auto url = igdkit::parse_absolute_url(ctx.global.url);
    if (!url) return usage_error(ctx, "--url is not an absolute URL");
    client.open(*url, ec, &d);
    if (ec && quiet) return nothing_found;
    return ec ? fail(ctx, "cannot open " + ctx.global.url, ec, d) : ok;
  }
  auto search = search_options_from(ctx.global);
  if (!search) return usage_error(ctx, "--unicast must be HOST:PORT and --interface an IP address");
  igd::discover_options o;
  o.search = std::move(*search);
  client.discover(std::move(o), ec, &d);
  if (ec && quiet) return nothing_found;
  return ec ? fail(ctx, "discovery", ec, d) : ok;
}

int fail(const context& ctx, std::string_view what, std::error_code ec, const igd::diagnostics& d,
         igdkit::soap::error_context service) {
  int code = local_error;
  if (ec.category() == igdkit::soap::upnp_category()) code = router_error;
  if (ec == igd::errc::no_igd_found || ec == igdkit::ssdp::errc::no_response) code = nothing_found;
  std::cerr << "igdctl " << ctx.command << ": " << what << ": ";
  if (code == router_error) {
    auto name = igdkit::soap::upnp_error_name(ec.value(), service);
    std::cerr << (name.empty() ? std::string_view("UPnPError") : name) << " (" << ec.value() << ")";
    if (!d.description.empty()) std::cerr << ": router says \"" << d.description << "\"";
  } else {
    std::cerr << ec.message() << " [" << ec.category().name() << ":" << ec.value() << "]";
  }
  std::cerr << "\n";
  if (ctx.global.json) print_json(igd::error_to_json(ec, d, service));
  return code;
}

int usage_error(const context& ctx, std::string_view message) {
  std::cerr << "igdctl " << ctx.command << ": " << message << "\n";
  return local_error;
}

void print_json(const boost::json::value& v) { std::cout << boost::json::serialize(v) << "\n"; }

std::optional<std::uint16_t> port_option(const po::variables_map& vm, const char* name) {
  if (!vm.count(name)) return std::nullopt;
  unsigned v = vm[name].as<unsigned>();
  if (v > 65535) {
    std::cerr << "igdctl: --" << name << " must be 0..65535\n";
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(v);
}

std::optional<igdkit::protocol> protocol_option(const po::variables_map& vm, const char* name) {
  if (!vm.count(name)) return std::nullopt;
  auto p = igdkit::protocol_from_text(vm[name].as<std::string>());
  if (!p) std::cerr << "igdctl: --" << name << " must be TCP or UDP\n";
  return p;
}

std::optional<boost::asio::ip::address> address_option(const po::variables_map& vm, const char* name) {
  if (!vm.count(name)) return std::nullopt;
  boost::system::error_code bec;
  auto a = boost::asio::ip::make_address(vm[name].as<std::string>(), bec);
  if (bec) {
    std::cerr << "igdctl: --" << name << " is not an IP address\n";
    return std::nullopt;
  }
  return a;
}

void add_mapping_key_options(po::options_description& desc) {
  desc.add_options()("external-port", po::value<unsigned>()->required(), "external port")
      ("protocol", po::value<std::string>()->required(), "TCP or UDP")
      ("remote-host", po::value<std::string>(), "remote host IP (default: any)");
}

std::optional<igd::mapping_key> mapping_key_option(const po::variables_map& vm) {
  auto port = port_option(vm, "external-port");
  auto proto = protocol_option(vm);
  auto remote = address_option(vm, "remote-host");
  if (!port || !proto || (vm.count("remote-host") && !remote)) return std::nullopt;
  if (remote && !remote->is_v4()) {
    std::cerr << "igdctl: --remote-host must be an IPv4 address (WANIPConnection maps IPv4)\n";
    return std::nullopt;
  }
  return igd::mapping_key{*port, *proto, remote ? std::optional(remote->to_v4()) : std::nullopt};
}

}  // namespace igdctl
