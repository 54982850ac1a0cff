#pragma once
// A router running on its own io_context thread, and small synchronous loopback clients that
// each run a private io_context, so tests read as straight lines.
#include "igdkit/sim/router.hpp"
#include "igdkit/soap/http_client.hpp"
#include "igdkit/ssdp/searcher.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <future>
#include <memory>
#include <optional>
#include <thread>

namespace igdkit::sim::test {

namespace asio = boost::asio;

class running_router {
 public:
  explicit running_router(router_options o) : guard_(io_.get_executor()) {
    router_ = std::make_unique<router>(io_.get_executor(), std::move(o));
    start_error_ = router_->start();
    location_ = router_->description_url();
    http_ = router_->http_endpoint();
    ssdp_ = router_->ssdp_endpoint();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~running_router() {
    asio::post(io_, [this] {
      router_->stop();
      guard_.reset();
    });
    thread_.join();
  }

  std::error_code start_error() const { return start_error_; }
  const boost::urls::url& location() const { return location_; }
  asio::ip::tcp::endpoint http() const { return http_; }
  asio::ip::udp::endpoint ssdp() const { return ssdp_; }
  boost::urls::url url(std::string_view path) const {
    boost::urls::url u = location_;
    u.set_path(path);
    return u;
  }

  // Runs f(router&) on the router's thread and returns its result.
  template <class F>
  auto on_router(F f) {
    std::packaged_task<decltype(f(std::declval<router&>()))()> task([&] { return f(*router_); });
    auto fut = task.get_future();
    asio::post(io_, [&] { task(); });
    return fut.get();
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::unique_ptr<router> router_;
  std::error_code start_error_;
  boost::urls::url location_;
  asio::ip::tcp::endpoint http_;
  asio::ip::udp::endpoint ssdp_;
  std::thread thread_;
};

struct call_result {
  std::error_code ec;
  soap::action_response response;
};

inline call_result soap_call(const boost::urls::url& control, const soap::action_request& request) {
  asio::io_context io;
  call_result out;
  soap::async_call(io.get_executor(), control, request, soap::http_options{},
                   [&](std::error_code ec, soap::action_response r) { out = {ec, std::move(r)}; });
  io.run();
  return out;
}

inline std::pair<std::error_code, std::string> http_get(const boost::urls::url& url) {
  asio::io_context io;
  std::pair<std::error_code, std::string> out;
  soap::async_http_get(io.get_executor(), url, soap::http_options{},
                       [&](std::error_code ec, std::string body) { out = {ec, std::move(body)}; });
  io.run();
  return out;
}

// One unicast M-SEARCH (default IGD targets) to `device`: the first answer, within 3 s.
inline std::pair<std::error_code, ssdp::search_result> unicast_search(const asio::ip::udp::endpoint& device) {
  asio::io_context io;
  ssdp::search_options so;
  so.unicast = device;
  so.timeout = std::chrono::milliseconds(3000);
  std::pair<std::error_code, ssdp::search_result> out;
  ssdp::async_find_first(io.get_executor(), so,
                         [&](std::error_code ec, ssdp::search_result r) { out = {ec, std::move(r)}; });
  io.run();
  return out;
}

}  // namespace igdkit::sim::test
