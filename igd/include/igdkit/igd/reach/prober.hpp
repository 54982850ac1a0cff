#pragma once
// Asking a prober outside the NAT whether a mapped port is reachable. Two kinds:
//  - lab:          simrouter's admin API (POST /probe); the caller names the external IP and port;
//  - probe_server: `igdctl probe-server` (POST /v1/probe); the caller names only the port, the
//                  server probes the address it sees the request come from and reports it.
// Not reachable is an outcome, not an error; errors (reach::errc, soap::errc for the transport)
// mean the prober gave no usable answer.
#include "igdkit/async.hpp"
#include "igdkit/igd/reach/error.hpp"
#include "igdkit/protocol.hpp"
#include "igdkit/result.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace igdkit::igd::reach {

struct probe_target {
  igdkit::protocol proto = igdkit::protocol::tcp;
  std::optional<boost::asio::ip::address_v4> external_ip;  // required by the lab kind, unused by probe_server
  std::uint16_t port = 0;
  std::chrono::milliseconds timeout{2000};  // the prober's own probe deadline
};

struct probe_outcome {
  bool reachable = false;
  std::string reason;
  std::optional<boost::asio::ip::address_v4> observed_address;  // probe_server kind, when IPv4
  std::optional<double> rtt_ms;
  std::optional<std::string> banner;  // probe_server kind, TCP: printable-escaped first bytes
};

enum class prober_kind { lab, probe_server };

class prober {
 public:
  // "lab:http://127.0.0.1:PORT[/]" (simrouter admin base URL) or "http://HOST:PORT[/prefix]"
  // (a probe-server). Error: errc::bad_prober_spec.
  static result<prober> parse(std::string_view spec);

  prober_kind kind() const noexcept { return kind_; }
  const boost::urls::url& base_url() const noexcept { return base_; }
  // The URL a probe is POSTed to: base + "/probe" (lab) or base + "/v1/probe" (probe_server).
  boost::urls::url probe_url() const;

  // Local address to connect from (multi-homed hosts; tests speaking from 127.0.0.2).
  void set_local_address(std::optional<boost::asio::ip::address> a) { local_address_ = a; }
  const std::optional<boost::asio::ip::address>& local_address() const noexcept { return local_address_; }
  // Added to the probe timeout for the HTTP exchange as a whole.
  std::chrono::milliseconds http_slack{3000};

 private:
  prober(prober_kind k, boost::urls::url base) : kind_(k), base_(std::move(base)) {}
  prober_kind kind_;
  boost::urls::url base_;
  std::optional<boost::asio::ip::address> local_address_;
};

namespace detail {
boost::asio::awaitable<result<probe_outcome>> run_probe(prober p, probe_target t);
// The pure halves: the request body each kind sends, and its answer (status + body) decoded.
result<std::string> probe_body(const prober& p, const probe_target& t);
result<probe_outcome> decode_answer(prober_kind kind, unsigned status, std::string_view body,
                                    std::string* detail = nullptr);
}  // namespace detail

// Completion: void(boost::system::error_code, probe_outcome).
template <class Executor, class CompletionToken>
auto async_probe(Executor ex, const prober& p, probe_target t, CompletionToken&& token) {
  return igdkit::async_run<probe_outcome>(
      ex, [p, t]() { return detail::run_probe(p, t); }, std::forward<CompletionToken>(token));
}

}  // namespace igdkit::igd::reach
