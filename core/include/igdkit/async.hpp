#pragma once
// Turns a coroutine that yields result<T> into an Asio operation with completion signature
// void(std::error_code, T), so every async_* in igdkit accepts any completion token
// (callbacks, use_awaitable, as_tuple, use_future, deferred) from one implementation.
#include "igdkit/result.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>

#include <exception>
#include <system_error>
#include <utility>

namespace igdkit {

namespace detail {
// Raised only if a coroutine leaks an exception, which igdkit code never does by design.
inline std::error_code unexpected_exception_error() noexcept {
  return std::make_error_code(std::errc::state_not_recoverable);
}
}  // namespace detail

template <class T, class Executor, class CompletionToken>
auto async_run(Executor ex, boost::asio::awaitable<result<T>> op, CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, void(std::error_code, T)>(
      [ex](auto handler, boost::asio::awaitable<result<T>> body) mutable {
        auto handler_ex = boost::asio::get_associated_executor(handler, ex);
        boost::asio::co_spawn(
            ex, std::move(body),
            boost::asio::bind_executor(handler_ex, [h = std::move(handler)](std::exception_ptr ep, result<T> r) mutable {
              if (ep) {
                std::move(h)(detail::unexpected_exception_error(), T{});
              } else if (r.has_error()) {
                std::move(h)(r.error(), T{});
              } else {
                std::move(h)(std::error_code{}, std::move(*r));
              }
            }));
      },
      token, std::move(op));
}

}  // namespace igdkit
