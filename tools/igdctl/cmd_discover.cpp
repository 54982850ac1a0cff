// igdctl discover: streams each device as its SSDP answer arrives (no description fetch).
// Without --unicast this multicasts on the LAN: only run it that way where that is intended.
#include "commands.hpp"

#include "igdkit/ssdp/error.hpp"
#include "igdkit/ssdp/search_target.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>

#include <iostream>

namespace igdctl {
namespace asio = boost::asio;

namespace {

// Returns the terminating error of the search (no_response / search_finished are normal ends).
asio::awaitable<std::error_code> stream(igdkit::ssdp::search_options o, bool first, bool json,
                                        boost::json::array& out) {
  igdkit::ssdp::searcher searcher(co_await asio::this_coro::executor, std::move(o));
  for (;;) {
    auto [ec, found] = co_await searcher.async_next(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return ec;
    if (json) {
      out.push_back(igd::to_json(found));
    } else {
      std::cout << "LOCATION: " << found.response.location.buffer() << "\n  ST: " << found.response.st.to_string()
                << "\n  USN: " << found.response.usn << "\n  SERVER: " << found.response.server
                << "\n  response: " << found.response_time.count() << " ms\n"
                << std::flush;
    }
    if (first) co_return std::error_code{};
  }
}

}  // namespace

int run_discover(context& ctx) {
  auto desc = command_options(ctx);
  std::vector<std::string> targets;
  bool first = false;
  desc.add_options()("st", po::value(&targets)->composing(), "search target (repeatable; default: IGD targets)")  //
      ("first", po::bool_switch(&first), "stop at the first answer");
  po::variables_map vm;
  if (auto stop = parse_args(ctx, desc, vm)) return *stop;

  auto options = search_options_from(ctx.global);
  if (!options) return usage_error(ctx, "--unicast must be HOST:PORT and --interface an IP address");
  if (!targets.empty()) {
    options->targets.clear();
    for (const auto& t : targets) {
      auto st = igdkit::ssdp::parse_search_target(t);
      if (!st) return usage_error(ctx, "invalid --st '" + t + "'");
      options->targets.push_back(std::move(*st));
    }
  }
  asio::io_context io;
  boost::json::array found;
  std::error_code end;
  asio::co_spawn(io, stream(std::move(*options), first, ctx.global.json, found),
                 [&](const std::exception_ptr&, std::error_code ec) { end = ec; });
  io.run();
  if (ctx.global.json && !(end == igdkit::ssdp::errc::no_response)) print_json(found);
  if (!end || end == igdkit::ssdp::errc::search_finished) return ok;
  if (end == igdkit::ssdp::errc::no_response) {
    if (ctx.global.json) print_json(boost::json::array{});
    std::cerr << "igdctl discover: no device answered within " << ctx.global.timeout_ms << " ms\n";
    return nothing_found;
  }
  return fail(ctx, "search", end);
}

}  // namespace igdctl
