#pragma once
// Runs one operation on the session's io_context until it completes, leaving any other work on
// it (a GENA listener's accept) pending rather than waiting for it to end, as io_context::run()
// would. Internal to the conformance library.
#include "igdkit/async.hpp"
#include "igdkit/result.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <utility>

namespace igdkit::conformance::detail {

template <class T>
result<T> run_to_completion(boost::asio::io_context& io, boost::asio::awaitable<result<T>> op) {
  std::optional<result<T>> out;
  boost::asio::co_spawn(io, std::move(op), [&out](const std::exception_ptr& ep, result<T> r) {
    if (ep) {
      out.emplace(igdkit::detail::unexpected_exception_error());
    } else {
      out.emplace(std::move(r));
    }
  });
  io.restart();
  while (!out && io.run_one() != 0) {
  }
  if (!out) return igdkit::detail::unexpected_exception_error();
  return std::move(*out);
}

}  // namespace igdkit::conformance::detail
