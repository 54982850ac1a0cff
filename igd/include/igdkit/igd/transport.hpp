#pragma once
// The igd::client's one seam to the wire: a SOAP action posted to a control URL, and a document
// fetched by GET. The default goes over TCP (soap/http_client.hpp); tests and embedders inject
// another, e.g. one that hands the request to simrouter's pure handler in memory, so the
// client's multi-step operations (add with workarounds, the v1 listing walk, the keeper) run
// without sockets and under a fake clock.
#include "igdkit/result.hpp"
#include "igdkit/soap/action.hpp"
#include "igdkit/soap/http_client.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/url/url.hpp>

#include <functional>
#include <string>

namespace igdkit::igd {

struct transport {
  // POST of one action; a router fault is ec = its upnp_errc with response.fault set.
  std::function<boost::asio::awaitable<soap::call_outcome>(boost::urls::url control_url, soap::action_request request,
                                                           soap::http_options http)>
      call;
  // GET of a description document; only a 200's body is a value.
  std::function<boost::asio::awaitable<result<std::string>>(boost::urls::url url, soap::http_options http)> get;
};

// HTTP/1.1 over TCP, one connection per request.
transport http_transport();

}  // namespace igdkit::igd
