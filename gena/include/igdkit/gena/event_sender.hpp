#pragma once
// The Asio runner of a gena::publisher: executes the deliveries its next() hands out (NOTIFY over
// a fresh TCP connection, one deadline for connect + write + answer), reports each back, and
// sleeps on one timer until the publisher's next deadline. A stuck subscriber costs one of the
// publisher's in-flight slots for one deadline, never the others' events.
//
// Single-threaded: call every member on the executor's thread. The publisher must outlive the
// sender; after stop() no completion touches it.
#include "igdkit/gena/publisher.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace igdkit::gena {

struct sender_options {
  std::chrono::milliseconds deadline{2000};  // per callback URL: connect, write, read the answer
  // Speak from the publisher's own addresses (per family of the callback's host).
  std::optional<boost::asio::ip::address> local_v4, local_v6;
  std::string user_agent = "igdkit/0.1 UPnP/1.1";
  std::function<time_point()> now = [] { return std::chrono::steady_clock::now(); };
};

class event_sender {
 public:
  event_sender(boost::asio::any_io_executor ex, publisher& events, sender_options options);
  ~event_sender();
  event_sender(const event_sender&) = delete;
  event_sender& operator=(const event_sender&) = delete;

  void start();
  void wake();  // the publisher has something new (a request, publish())
  void stop();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace igdkit::gena
