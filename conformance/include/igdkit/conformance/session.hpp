#pragma once
// One conformance run's connection to the device under test: what was learned about it (the
// description, the services, our address), the wire primitives every check uses (HTTP, SOAP,
// SSDP unicast, a GENA callback), each recording its exchange as evidence of the running check,
// and the ledger of mappings the suite created, removed at the end whatever happened.
#include "igdkit/conformance/check.hpp"
#include "igdkit/igd/description.hpp"
#include "igdkit/igd/description_wan.hpp"
#include "igdkit/protocol.hpp"
#include "igdkit/soap/http_call.hpp"
#include "igdkit/soap/http_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/url.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace igdkit::conformance {

struct suite_options {
  std::optional<boost::urls::url> location;                     // --url: the root description
  std::optional<boost::asio::ip::udp::endpoint> ssdp_endpoint;  // --unicast; else LOCATION's host:1900
  unsigned igd_version = 0;                                     // 0: what the root device type says
  bool destructive = false;
  std::vector<group> only;                                      // empty: every group
  std::chrono::milliseconds timeout{3000};                      // per exchange
  std::chrono::milliseconds ssdp_window{1000};                  // how long a search collects answers
  std::optional<boost::asio::ip::address> local_address;        // speak from this address
  // The run is made from the device's WAN side (a host upstream of it, as in a lab): --url and
  // --unicast name the device's WAN address, and only the checks that the WAN side is closed
  // (no SSDP, description or control there) run; nothing answering is what passes.
  bool wan_side = false;
  const std::atomic<bool>* stop = nullptr;  // set (SIGINT): end after the current check, clean up
};

struct http_answer {
  std::error_code error;  // transport failure: nothing (complete) came back
  unsigned status = 0;
  boost::beast::http::fields headers;
  std::string body;
  bool answered() const noexcept { return !error; }
};

struct soap_answer {
  http_answer http;
  soap::call_outcome outcome;  // ec: the UPnP error, or why the reply was not a SOAP response
  int upnp_code() const noexcept { return outcome.response.fault ? outcome.response.fault->code : 0; }
  bool succeeded() const noexcept { return http.answered() && http.status == 200 && !outcome.ec; }
};

struct ssdp_answer {
  std::string raw;
  boost::asio::ip::udp::endpoint source;
};

// A port mapping's identity, as the suite created it.
struct mapping_ref {
  std::string remote_host;
  std::uint16_t external_port = 0;
  protocol proto = protocol::tcp;
  friend bool operator==(const mapping_ref&, const mapping_ref&) = default;
};

// AddPortMapping's arguments as text, so a check can send values no typed API would.
struct mapping_request {
  mapping_request(std::uint16_t external, std::uint16_t internal) : external_port(external), internal_port(internal) {}

  std::uint16_t external_port = 0;
  std::uint16_t internal_port = 0;
  std::string protocol = "TCP";
  std::optional<std::string> internal_client;  // unset: our address
  std::string remote_host;
  std::string lease = "600";
  std::string description = "igdkit conformance";
};

// What the suite learned about the device before the checks ran.
struct device_facts {
  boost::urls::url location;
  http_answer description_fetch;
  std::optional<igd::description> description;  // parsed, same-host URLs only
  std::error_code description_error;
  unsigned igd_version = 0;
  std::optional<igd::wan_connection> wan;  // the first WANIPConnection (else WANPPPConnection)
  boost::asio::ip::udp::endpoint ssdp_endpoint;
  boost::asio::ip::address_v4 our_address;  // the LAN address the device sees us with
  std::string root_udn;
};

class session {
 public:
  explicit session(suite_options options);
  session(const session&) = delete;
  session& operator=(const session&) = delete;
  ~session();

  // Finds the device (unicast SSDP when no --url) and reads its description; an error means no
  // check can run (nothing answered, or LOCATION is unusable).
  std::error_code prepare();

  const suite_options& options() const noexcept { return options_; }
  const device_facts& facts() const noexcept { return facts_; }

  // The evidence of every exchange goes to this result until the next call (nullptr: nowhere).
  void record_into(check_result* r) noexcept { current_ = r; }

  // Sends `request` as built (Host, User-Agent, Content-Length, Connection: close filled in).
  http_answer http(boost::urls::url_view url, boost::beast::http::request<boost::beast::http::string_body> request);
  http_answer get(boost::urls::url_view url);
  // A well-formed call of `action` on `service` with `arguments` in the order given.
  soap_answer call(const igd::service& service, std::string_view action, soap::argument_list arguments);
  // A control POST built by hand (a check's deliberately wrong envelope, header or type):
  // unset headers are left out.
  soap_answer post(const igd::service& service, std::string_view action, std::optional<std::string> soapaction,
                   std::optional<std::string> content_type, std::string body);
  // Sends one datagram to the device's SSDP port and collects every answer for `window`
  // (ssdp_window when unset), or until `enough` answers came.
  std::vector<ssdp_answer> search(std::string datagram, std::optional<std::chrono::milliseconds> window = {},
                                  std::size_t enough = SIZE_MAX);
  // The same, to another endpoint (the device's WAN side).
  std::vector<ssdp_answer> search_at(boost::asio::ip::udp::endpoint to, std::string datagram,
                                     std::optional<std::chrono::milliseconds> window = {}, std::size_t enough = SIZE_MAX);

  // GENA: runs the io_context until `done()` holds or `within` passed; true if it held.
  template <class Predicate>
  bool run_until(Predicate done, std::chrono::milliseconds within);
  boost::asio::io_context& io() noexcept { return io_; }

  // A port in the suite's range with no mapping for `proto` (checked by GetSpecificPortMapping-
  // Entry answering 714); nullopt when the device will not say.
  std::optional<std::uint16_t> free_port(protocol proto);
  // AddPortMapping's (and AddAnyPortMapping's) eight arguments for `m`.
  soap::argument_list mapping_arguments(const mapping_request& m) const;
  // AddPortMapping, recorded for cleanup when granted; the answer as the device gave it. An
  // IGD:1 device that refuses the lease (725, or 402 in the field) is asked again with lease 0,
  // as clients do, unless `retry_permanent` is false (the check judging that answer).
  soap_answer add_mapping(const mapping_request& m, bool retry_permanent = true);
  // The suite's own mapping: TCP or UDP to us, a 600 s lease.
  soap_answer add_mapping(std::uint16_t external_port, protocol proto, std::uint16_t internal_port,
                          std::string description = "igdkit conformance");
  void created(const mapping_ref& m);
  void removed(const mapping_ref& m);
  // Deletes every mapping still in the ledger; returns how many could not be removed.
  std::size_t cleanup();
  const std::vector<mapping_ref>& ledger() const noexcept { return ledger_; }

 private:
  void record(exchange_evidence e);
  // Sends a control request and reads the reply as an answer to `asked`.
  soap_answer control(const igd::service& service, const soap::action_request& asked,
                      boost::beast::http::request<boost::beast::http::string_body> request);
  bool wait_step(std::chrono::steady_clock::time_point deadline);
  soap::http_options transport_options() const;

  suite_options options_;
  device_facts facts_;
  boost::asio::io_context io_{1};
  check_result* current_ = nullptr;
  std::vector<mapping_ref> ledger_;
  std::uint16_t next_port_ = 0;
};

template <class Predicate>
bool session::run_until(Predicate done, std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (!done()) {
    if (!wait_step(deadline)) return done();
  }
  return true;
}

// The text of a request or response as it travels (start line, headers, body).
std::string to_text(const boost::beast::http::request<boost::beast::http::string_body>& request);
std::string to_text(const http_answer& answer);

}  // namespace igdkit::conformance
