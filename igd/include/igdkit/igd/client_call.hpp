#pragma once
// Internals shared by igd::client's templates: one typed SOAP call, and running a coroutine to
// completion on the client's own io_context for the synchronous overloads. Not a public API.
#include "igdkit/igd/actions.hpp"
#include "igdkit/igd/client_types.hpp"
#include "igdkit/igd/transport.hpp"
#include "igdkit/result.hpp"
#include "igdkit/soap/http_client.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/url/url_view.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <system_error>
#include <type_traits>
#include <utility>

namespace igdkit::igd::detail {

// POSTs `request` to `control_url` through `wire`; a router fault becomes its upnp_errc code and
// its errorDescription lands in *diag (when given). `wire` must outlive the call.
boost::asio::awaitable<result<soap::action_response>> call_soap(const transport& wire, boost::urls::url control_url,
                                                                soap::action_request request,
                                                                soap::http_options http, diagnostics* diag);

// Copies what tolerant response decoding let pass into the caller's notes; on a failed decode
// the missing or malformed required output's name becomes the description.
void record_decode(std::string_view action, const argument_diagnostic& decoded, bool succeeded, diagnostics& diag);

// Typed call of action A on a service of version `sv` whose exact serviceType (as the
// description spells it, e.g. a dslforum URN) is `service_type`.
template <action_tag A>
boost::asio::awaitable<result<typename A::response>> call_typed(const transport& wire, boost::urls::url control_url,
                                                                service_version sv,
                                                                std::string service_type,
                                                                typename A::request request,
                                                                soap::http_options http, diagnostics* diag) {
  auto req = make_action_request<A>(sv, request);
  if (!req) co_return req.error();
  if (!service_type.empty()) req->service_type = std::move(service_type);
  auto response = co_await call_soap(wire, std::move(control_url), std::move(*req), std::move(http), diag);
  if (!response) co_return response.error();
  argument_diagnostic decoded_diag;
  auto decoded = decode_action_response<A>(*response, &decoded_diag);
  if (diag) record_decode(A::name, decoded_diag, decoded.has_value(), *diag);
  co_return decoded;
}

// The io_context the synchronous overloads run their coroutine on: made on first use and
// reused, so a call builds no epoll instance, timerfd or eventfd of its own (with a numeric
// host, no thread either). A copy of the client gets a fresh one, never a shared one.
class sync_runner {
 public:
  sync_runner() = default;
  sync_runner(const sync_runner&) {}
  sync_runner& operator=(const sync_runner&) { return *this; }
  sync_runner(sync_runner&&) noexcept = default;
  sync_runner& operator=(sync_runner&&) noexcept = default;
  ~sync_runner() = default;

  template <class T>
  result<T> run(boost::asio::awaitable<result<T>> op) {
    if (!context_) context_ = std::make_unique<boost::asio::io_context>(1);
    context_->restart();  // run() returned last time: out of work, hence stopped
    std::optional<result<T>> out;
    boost::asio::co_spawn(*context_, std::move(op), [&out](const std::exception_ptr& ep, result<T> r) {
      if (ep) {
        out.emplace(igdkit::detail::unexpected_exception_error());
      } else {
        out.emplace(std::move(r));
      }
    });
    context_->run();
    if (!out) return igdkit::detail::unexpected_exception_error();
    return std::move(*out);
  }

 private:
  std::unique_ptr<boost::asio::io_context> context_;
};

template <class T>
T value_or_clear(result<T> r, std::error_code& ec) {
  if (r) {
    ec.clear();
    return std::move(*r);
  }
  ec = r.error();
  return T{};
}

// Throwing flavour: the router's description (if any) becomes the exception's message.
[[noreturn]] void throw_error(std::error_code ec, const diagnostics& diag);

template <class T>
T value_or_throw(result<T> r, const diagnostics& diag) {
  if (!r) throw_error(r.error(), diag);
  if constexpr (!std::is_void_v<T>) return std::move(*r);
}

// The throwing overloads: a local diagnostics lets the message carry the router's words.
template <class F>
auto run_throwing(sync_runner& runner, F make_op) {
  diagnostics d;
  return value_or_throw(runner.run(make_op(&d)), d);
}

}  // namespace igdkit::igd::detail
