// async_run must deliver the same outcome to every kind of completion token.
#define BOOST_TEST_MODULE core_async
#include <boost/test/unit_test.hpp>

#include "igdkit/async.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <stdexcept>
#include <string>

namespace asio = boost::asio;
using igdkit::result;

namespace {

// Suspends once on a timer so completion really happens asynchronously.
// cppcheck-suppress passedByValue ; a coroutine keeps its own copies across suspensions
asio::awaitable<result<std::string>> echo_later(std::string text, bool fail) {
  asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  if (fail) co_return std::make_error_code(std::errc::timed_out);
  co_return text + "!";
}

asio::awaitable<result<int>> throws_inside() {
  throw std::runtime_error("leaked");
  co_return 0;
}

template <class Token>
auto async_echo(asio::any_io_executor ex, std::string text, bool fail, Token&& token) {
  return igdkit::async_run<std::string>(
      ex, [text = std::move(text), fail] { return echo_later(text, fail); }, std::forward<Token>(token));
}

}  // namespace

BOOST_AUTO_TEST_CASE(callback_receives_value_and_error) {
  asio::io_context io;
  std::string value;
  std::error_code failure;
  async_echo(io.get_executor(), "hi", false, [&](std::error_code ec, std::string v) {
    BOOST_TEST(!ec);
    value = std::move(v);
  });
  async_echo(io.get_executor(), "hi", true, [&](std::error_code ec, const std::string& v) {
    failure = ec;
    BOOST_TEST(v.empty());
  });
  io.run();
  BOOST_TEST(value == "hi!");
  BOOST_TEST((failure == std::errc::timed_out));
}

BOOST_AUTO_TEST_CASE(coroutine_tokens_see_the_same_outcome) {
  asio::io_context io;
  int checks = 0;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto [ec1, v1] = co_await async_echo(io.get_executor(), "a", false, asio::as_tuple(asio::use_awaitable));
        BOOST_TEST(!ec1);
        BOOST_TEST(v1 == "a!");
        static_assert(std::is_same_v<decltype(ec1), boost::system::error_code>);  // Asio's own error type
        // use_awaitable yields the value and throws the failure, as for any Asio operation.
        bool threw = false;
        try {
          co_await async_echo(io.get_executor(), "b", true, asio::use_awaitable);
        } catch (const boost::system::system_error& e) {
          threw = true;
          BOOST_TEST((e.code() == std::errc::timed_out));
        }
        BOOST_TEST(threw);
        for (int i = 0; i < 50; ++i) {  // repeated to catch frame lifetime bugs under ASan
          auto v = co_await async_echo(io.get_executor(), std::to_string(i), false, asio::use_awaitable);
          BOOST_TEST(v == std::to_string(i) + "!");
        }
        ++checks;
      },
      asio::detached);
  io.run();
  BOOST_TEST(checks == 1);
}

BOOST_AUTO_TEST_CASE(future_token_and_leaked_exception) {
  asio::io_context io;
  auto fut = async_echo(io.get_executor(), "f", false, asio::use_future);
  std::error_code leaked;
  igdkit::async_run<int>(io.get_executor(), [] { return throws_inside(); },
                         [&](std::error_code ec, int) { leaked = ec; });
  io.run();
  BOOST_TEST(fut.get() == "f!");
  // An exception escaping a coroutine becomes an error code, never crosses the async boundary.
  BOOST_TEST((leaked == std::errc::state_not_recoverable));
}
