// igdctl expose PORT[:EXTPORT]/PROTO...: keeps the mappings alive (igd::port_mapper) until
// interrupted or --duration ends, prints one line per change (JSON lines with --json), validates
// each mapping when it comes up (--validate), runs --on-ip-change on a new WAN address, and
// removes everything on SIGINT/SIGTERM.
#include "commands.hpp"
#include "expose_spec.hpp"
#include "hook.hpp"
#include "validation.hpp"

#include "igdkit/igd/keeper/event_json.hpp"
#include "igdkit/igd/port_mapper.hpp"
#include "igdkit/url_parse.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/serialize.hpp>

#include <iostream>
#include <set>

namespace igdctl {
namespace asio = boost::asio;
namespace keeper = igd::keeper;

namespace {

struct expose_settings {
  std::vector<keeper::desired_mapping> mappings;
  std::string set_name = "igdctl";
  bool validate = false;
  bool until_validated = false;  // stop (removing everything) once each mapping was validated
  validation_options checks;
  std::optional<std::string> on_ip_change;
  unsigned duration_s = 0;
};

// Prints events as they come, validates mappings that come up, and keeps the exit status.
class expose_session {
 public:
  expose_session(const context& ctx, asio::io_context& io, expose_settings s)
      : ctx_(ctx), io_(io), settings_(std::move(s)) {
    if (settings_.on_ip_change) hook_.emplace(*settings_.on_ip_change);
  }

  void on_event(const keeper::event& e, igd::port_mapper& mapper) {
    if (std::holds_alternative<keeper::ports_changed>(e)) return;
    if (ctx_.global.json) {
      std::cout << boost::json::serialize(keeper::to_json(e)) << std::endl;
    } else {
      std::cout << keeper::describe(e) << std::endl;
    }
    if (const auto* up = std::get_if<keeper::mapping_up>(&e)) {
      ever_up_.insert(up->id.label);
      if (settings_.validate && mapper.client().current()) start_validation(*up, *mapper.client().current(), mapper);
    } else if (const auto* down = std::get_if<keeper::mapping_down>(&e)) {
      if (down->reason == keeper::down_reason::conflict || down->reason == keeper::down_reason::router_refused ||
          down->reason == keeper::down_reason::no_free_port)
        refused_ = true;
    } else if (const auto* moved = std::get_if<keeper::external_ip_changed>(&e)) {
      run_hook(*moved);
    }
  }

  int exit_code() const {
    for (const auto& m : settings_.mappings)
      if (!ever_up_.contains(m.label)) return refused_ ? router_error : nothing_found;
    if (settings_.validate && unreachable_) return not_reachable;
    return ok;
  }

 private:
  void start_validation(const keeper::mapping_up& up, const igd::gateway& g, igd::port_mapper& mapper) {
    if (!ctx_.global.json) std::cout << up.id.label << ": validating ..." << std::endl;
    asio::co_spawn(io_, validate_mapping(g, up, settings_.checks),
                   [this, up, &mapper](std::exception_ptr ep, verdict_report report) {
                     if (ep) return;
                     if (!report.validations.at(0).passed()) unreachable_ = true;
                     print_validation(ctx_, up, report);
                     validated_.insert(up.id.label);
                     if (settings_.until_validated && validated_.size() == settings_.mappings.size()) mapper.stop();
                   });
  }

  void run_hook(const keeper::external_ip_changed& e) {
    if (!hook_) return;
    std::vector<std::string> env{"IGDKIT_EXTERNAL_IP=" + (e.to ? e.to->to_string() : std::string()),
                                 "IGDKIT_PREVIOUS_IP=" + (e.from ? e.from->to_string() : std::string())};
    if (auto ec = hook_->run(env)) std::cerr << "igdctl expose: --on-ip-change: " << ec.message() << "\n";
  }

  const context& ctx_;
  asio::io_context& io_;
  expose_settings settings_;
  std::optional<hook_runner> hook_;
  std::set<std::string> ever_up_;  // labels that came up at least once
  std::set<std::string> validated_;
  bool refused_ = false;
  bool unreachable_ = false;
};

}  // namespace

int run_expose(context& ctx) {
  auto desc = command_options(ctx);
  std::vector<std::string> specs;
  std::string to, policy = "next", state, description;
  unsigned lease = 3600, check_interval = 60;
  expose_settings s;
  bool change_internal = false;
  std::string on_ip_change;
  desc.add_options()("mapping", po::value(&specs)->multitoken(), "PORT[:EXTPORT]/PROTO (repeatable, positional)")
      ("to", po::value(&to), "internal host (default: this host's address towards the IGD)")
      ("lease", po::value(&lease)->default_value(3600), "lease in seconds, renewed at half-life (0 = permanent)")
      ("policy", po::value(&policy)->default_value("next"), "when the external port is taken: exact|next|any")
      ("allow-internal-port-change", po::bool_switch(&change_internal),
       "on routers that cannot map one port to another (724), use the external port internally too")
      ("set", po::value(&s.set_name)->default_value("igdctl"), "name of this mapping set (descriptions, state file)")
      ("description", po::value(&description), "description shown in the router (default: SET/MAPPING)")
      ("validate", po::bool_switch(&s.validate), "check each mapping: on the router, and open from outside")
      ("until-validated", po::bool_switch(&s.until_validated),
       "with --validate: remove everything and exit once each mapping was checked (exit 4 if one failed)")
      ("prober", po::value(&s.checks.prober), "port-open prober: lab:ADMIN_URL or a probe-server URL")
      ("stun", po::value(&s.checks.stun), "STUN server HOST:PORT to learn the public address")
      ("upstream", po::value(&s.checks.upstream), "an upstream router's description URL (double NAT)")
      ("state", po::value(&state), "state file: the same external ports after a restart")
      ("on-ip-change", po::value(&on_ip_change), "run CMD (sh -c) when the WAN address changes; "
                                                   "IGDKIT_EXTERNAL_IP / IGDKIT_PREVIOUS_IP in its environment")
      ("check-interval", po::value(&check_interval)->default_value(60), "seconds between gateway health checks")
      ("duration", po::value(&s.duration_s)->default_value(0), "stop after this many seconds (0: until SIGINT/SIGTERM)");
  po::positional_options_description pos;
  pos.add("mapping", -1);
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm, &pos)) return *stop;
  if (specs.empty()) return usage_error(ctx, "name at least one mapping, e.g. 554/tcp");
  const auto parsed_policy = keeper::parse_port_policy(policy);
  if (!parsed_policy) return usage_error(ctx, "--policy must be exact, next or any");
  std::optional<boost::asio::ip::address_v4> internal;
  if (!to.empty()) {
    boost::system::error_code aec;
    internal = boost::asio::ip::make_address_v4(to, aec);
    if (aec) return usage_error(ctx, "--to must be an IPv4 address");
  }
  for (const auto& text : specs) {
    std::string why;
    auto m = parse_expose_spec(text, &why);
    if (!m) return usage_error(ctx, why);
    m->internal_client = internal;
    m->lease = std::chrono::seconds(lease);
    m->policy = *parsed_policy;
    m->may_change_internal_port = change_internal;
    m->description = description;
    s.mappings.push_back(std::move(*m));
  }
  if (!on_ip_change.empty()) s.on_ip_change = on_ip_change;
  if (auto bad = check_validation_options(s.checks)) return usage_error(ctx, *bad);
  if (s.until_validated) s.validate = true;

  igd::port_mapper_options o;
  if (!ctx.global.url.empty()) {
    auto url = igdkit::parse_absolute_url(ctx.global.url);
    if (!url) return usage_error(ctx, "--url is not an absolute URL");
    o.gateway.location = *url;
  } else {
    auto search = search_options_from(ctx.global);
    if (!search) return usage_error(ctx, "--unicast must be HOST:PORT and --interface an IP address");
    o.gateway.discover.search = std::move(*search);
  }
  if (!ctx.global.interface.empty()) {
    // Speak to the IGD from this address (a camera with its own address; tests on 127.0.0.x),
    // and map to it unless --to says otherwise.
    boost::system::error_code aec;
    const auto local = boost::asio::ip::make_address(ctx.global.interface, aec);
    if (aec) return usage_error(ctx, "--interface must be an IP address");
    o.http.local_address = local;
    o.gateway.discover.http.local_address = local;
    if (!internal && local.is_v4())
      for (auto& m : s.mappings) m.internal_client = local.to_v4();
  }
  o.keeper.check_interval = std::chrono::seconds(std::max(1u, check_interval));
  if (!state.empty()) o.state_file = state;

  asio::io_context io;
  expose_session session(ctx, io, s);
  std::unique_ptr<igd::port_mapper> mapper;
  mapper = std::make_unique<igd::port_mapper>(io.get_executor(), o,
                                              [&](const keeper::event& e) { session.on_event(e, *mapper); });
  std::string why;
  if (auto ec = mapper->load_state(&why))
    std::cerr << "igdctl expose: ignoring the state file (" << why << "); starting fresh\n";
  mapper->put_set({s.set_name, s.mappings});
  if (!ctx.global.json) std::cout << "discovering the gateway ..." << std::endl;

  asio::signal_set signals(io, SIGINT, SIGTERM);
  int signals_seen = 0;
  std::function<void(boost::system::error_code, int)> on_signal = [&](boost::system::error_code ec, int) {
    if (ec) return;
    if (++signals_seen > 1) std::exit(130);  // a second ^C: leave now
    if (!ctx.global.json) std::cout << "removing mappings ..." << std::endl;
    mapper->stop();
    signals.async_wait(on_signal);
  };
  signals.async_wait(on_signal);
  asio::steady_timer duration(io);
  if (s.duration_s > 0) {
    duration.expires_after(std::chrono::seconds(s.duration_s));
    duration.async_wait([&](boost::system::error_code ec) {
      if (!ec) mapper->stop();
    });
  }
  bool finished = false;
  mapper->async_run([&](boost::system::error_code) {
    finished = true;
    signals.cancel();
    duration.cancel();
  });
  io.run();
  if (!finished) return local_error;
  if (mapper->state_error()) std::cerr << "igdctl expose: state file: " << mapper->state_error().message() << "\n";
  return session.exit_code();
}

}  // namespace igdctl
