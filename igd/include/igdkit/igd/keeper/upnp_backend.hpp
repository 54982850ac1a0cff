#pragma once
// The keeper's UPnP IGD backend: each keeper operation (operations.hpp) as igd::client calls.
// The client's transport decides where the requests go (TCP, or in memory for tests).
#include "igdkit/igd/client.hpp"
#include "igdkit/igd/keeper/operations.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/url/url.hpp>

#include <optional>

namespace igdkit::igd::keeper {

// Where the gateway is: a known description URL, or SSDP discovery.
struct gateway_source {
  std::optional<boost::urls::url> location;
  discover_options discover;
  url_policy policy = url_policy::same_host;
};

class upnp_backend {
 public:
  // `c` must outlive the backend.
  upnp_backend(client& c, gateway_source where) : client_(c), where_(std::move(where)) {}

  boost::asio::awaitable<outcome> execute(operation op);

  client& get_client() noexcept { return client_; }

 private:
  boost::asio::awaitable<result<gateway_identity>> find();
  boost::asio::awaitable<result<gateway_state>> state();

  client& client_;
  gateway_source where_;
};

}  // namespace igdkit::igd::keeper
