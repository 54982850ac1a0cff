// A PC camera app's "Apply & Validate", copy-ready: publish the ONVIF and RTSP ports with the
// mapping keeper (igd::port_mapper), check each one when it comes up (the router has it; it is
// open from outside), keep the chosen ports in a state file for the next start, and remove
// everything on exit. The router is a simulated one on loopback (sim::lab), so this runs
// anywhere; against a real router, leave `gateway.location` unset to discover it by SSDP.
// Built and run by CTest, so this file cannot go stale.
#include <igdkit/igd/keeper/events.hpp>
#include <igdkit/igd/port_mapper.hpp>
#include <igdkit/igd/reach/diagnosis.hpp>
#include <igdkit/igd/reach/survey.hpp>
#include <igdkit/sim/lab.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include <filesystem>
#include <iostream>
#include <thread>

namespace asio = boost::asio;
namespace igd = igdkit::igd;
namespace keeper = igdkit::igd::keeper;
namespace reach = igdkit::igd::reach;

// The app's check of one mapping: survey (router + prober), then the pure verdict.
asio::awaitable<void> validate(igd::gateway g, keeper::mapping_up up, reach::prober prober, int& pending,
                               igd::port_mapper& mapper) {
  auto ex = co_await asio::this_coro::executor;
  igd::client c(ex);
  c.use(std::move(g));
  reach::survey_request request;
  request.mappings.push_back({up.external_port, up.proto, up.internal_client, up.internal_port, up.id.label});
  request.port_prober = prober;
  auto observed = co_await reach::survey(c, 1, std::move(request));
  const auto verdict = reach::validate(observed, reach::diagnose(observed), 0);
  std::cout << up.id.label << ": " << verdict.summary << "\n";
  if (--pending == 0) mapper.stop();  // this demo ends after Apply & Validate; an app keeps running
}

int main() {
  // The simulated home router and Internet, on their own thread.
  asio::io_context lab_io;
  igdkit::sim::lab lab(lab_io.get_executor(), igdkit::sim::lab_options{});
  if (auto ec = lab.start()) {
    std::cerr << "lab: " << ec.message() << "\n";
    return 1;
  }
  auto lab_work = asio::make_work_guard(lab_io);
  std::jthread lab_thread([&] { lab_io.run(); });

  // The camera app: an ONVIF and an RTSP listener (any free ports here; 8000 and 554 in real life).
  asio::io_context io;
  asio::ip::tcp::acceptor onvif(io, {asio::ip::make_address("127.0.0.1"), 0});
  asio::ip::tcp::acceptor rtsp(io, {asio::ip::make_address("127.0.0.1"), 0});
  auto state_file = std::filesystem::temp_directory_path() / ("camera_expose_" + std::to_string(::getpid()) + ".json");

  igd::port_mapper_options options;
  options.gateway.location = lab.description_url();
  options.state_file = state_file;  // the same external ports after a restart
  auto prober = *reach::prober::parse("lab:" + std::string(lab.admin_url().buffer()));

  int pending = 2;
  int status = 1;
  std::unique_ptr<igd::port_mapper> mapper;
  mapper = std::make_unique<igd::port_mapper>(io.get_executor(), options, [&](const keeper::event& e) {
    std::cout << keeper::describe(e) << "\n";  // or switch on the alternatives of keeper::event
    if (auto* up = std::get_if<keeper::mapping_up>(&e); up && mapper->client().current())
      asio::co_spawn(io, validate(*mapper->client().current(), *up, prober, pending, *mapper), asio::detached);
    if (auto* done = std::get_if<keeper::stopped>(&e)) status = done->left == 0 && pending == 0 ? 0 : 1;
  });
  std::string why;
  if (mapper->load_state(&why)) std::cerr << "starting fresh: " << why << "\n";

  keeper::desired_mapping onvif_port{.label = "onvif", .internal_port = onvif.local_endpoint().port()};
  keeper::desired_mapping rtsp_port{.label = "rtsp", .internal_port = rtsp.local_endpoint().port()};
  mapper->put_set({"camera-1", {onvif_port, rtsp_port}});  // same external ports as internal by default
  mapper->async_run(asio::detached);
  io.run();

  std::filesystem::remove(state_file);
  asio::post(lab_io, [&] {
    lab.stop();
    lab_work.reset();
  });
  return status;
}
