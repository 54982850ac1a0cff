#pragma once
// Turns a coroutine that yields result<T> into an Asio operation with completion signature
// void(boost::system::error_code, T) (void(boost::system::error_code) for T = void), so every
// async_* in igdkit accepts any completion token (callbacks, use_awaitable, as_tuple,
// use_future, deferred) from one implementation. The error type is Asio's own, as in Boost.MySQL:
// `co_await op(use_awaitable)` throws boost::system::system_error on failure, `as_tuple` gives
// `auto [ec, v]`, and a handler taking std::error_code still binds (the two convert both ways).
//
// async_run takes a *factory* (a callable returning awaitable<result<T>>), not a ready-made
// awaitable: the coroutine must be created inside the initiation. Handing a live coroutine
// frame through async_initiate double-frees under g++ 12 when the caller awaits with
// use_awaitable (seen under ASan).
#include "igdkit/result.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/system/error_code.hpp>

#include <concepts>
#include <exception>
#include <system_error>
#include <type_traits>
#include <utility>

namespace igdkit {

namespace detail {
// Raised only if a coroutine leaks an exception, which igdkit code never does by design.
inline std::error_code unexpected_exception_error() noexcept {
  return std::make_error_code(std::errc::state_not_recoverable);
}

template <class Handler, class T>
void complete(Handler& h, const std::exception_ptr& ep, result<T>& r) {
  using boost::system::error_code;
  if constexpr (std::is_void_v<T>) {
    std::move(h)(ep ? error_code(unexpected_exception_error()) : r.has_error() ? error_code(r.error()) : error_code{});
  } else if (ep) {
    std::move(h)(error_code(unexpected_exception_error()), T{});
  } else if (r.has_error()) {
    std::move(h)(error_code(r.error()), T{});
  } else {
    std::move(h)(error_code{}, std::move(*r));
  }
}

template <class T>
struct completion_signature {
  using type = void(boost::system::error_code, T);
};
template <>
struct completion_signature<void> {
  using type = void(boost::system::error_code);
};
}  // namespace detail

template <class T, class F>
concept coroutine_factory = std::invocable<F&> &&
    std::same_as<std::invoke_result_t<F&>, boost::asio::awaitable<result<T>>>;

template <class T, class Executor, class Factory, class CompletionToken>
  requires coroutine_factory<T, std::decay_t<Factory>>
auto async_run(Executor ex, Factory&& make_op, CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, typename detail::completion_signature<T>::type>(
      [ex](auto handler, auto factory) mutable {
        auto handler_ex = boost::asio::get_associated_executor(handler, ex);
        boost::asio::co_spawn(
            ex, factory(),
            boost::asio::bind_executor(handler_ex, [h = std::move(handler)](std::exception_ptr ep, result<T> r) mutable {
              detail::complete(h, ep, r);
            }));
      },
      token, std::forward<Factory>(make_op));
}

}  // namespace igdkit
