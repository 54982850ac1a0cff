#pragma once
// igd::client — the facade over discovery, description, selection and the typed action table.
//
// Every operation comes in four shapes sharing one coroutine implementation:
//   async_op(args..., token)                  completion void(boost::system::error_code, T)
//                                             (co_await with use_awaitable throws on failure)
//   async_op(args..., diagnostics&, token)    same, and the router's errorDescription on a fault
//   op(args..., std::error_code&, diagnostics* = nullptr)   synchronous, on the client's own
//                                             io_context (made once, reused by every call)
//   op(args...)                               synchronous, throws std::system_error
// Errors: igd::errc for local failures (not_supported_by_service for a v2-only action on a v1
// service, no_igd_found before discover/open), upnp_errc for router faults, soap/ssdp errc for
// transport failures. A client runs one operation at a time; it is not thread-safe.
#include "igdkit/async.hpp"
#include "igdkit/igd/client_call.hpp"
#include "igdkit/igd/client_types.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/url/url_view.hpp>

#include <optional>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace igdkit::igd {

// This host's address on the route to `target`'s host: a connected UDP socket's local endpoint
// (connect() on UDP sends nothing). Used as the default NewInternalClient.
result<boost::asio::ip::address> local_address_towards(boost::urls::url_view target);

class client {
 public:
  using executor_type = boost::asio::any_io_executor;

  explicit client(executor_type ex, soap::http_options http = {});
  // Every request goes through `wire` instead of TCP (transport.hpp): in-memory routers, tests.
  client(executor_type ex, soap::http_options http, transport wire);
  // Idle keep-alive connections belong to one client: a copy starts with none, and they are
  // closed when the client goes (while the io_context they were made on still exists).
  client(const client& other);
  client& operator=(const client& other);
  client(client&&) noexcept = default;
  client& operator=(client&& other) noexcept;
  ~client();

  executor_type get_executor() const noexcept { return executor_; }
  // The gateway chosen by the last successful discover/open, if any.
  const std::optional<gateway>& current() const noexcept { return gateway_; }
  void use(gateway g) { gateway_ = std::move(g); }

  // ---- discovery -------------------------------------------------------------------------
  // Search, fetch descriptions, probe every WAN connection and keep the best ranked one
  // (returns early on a connected IGD with a public address). errc::no_igd_found if none.
  template <class Token>
  auto async_discover(discover_options o, Token&& t) { return launch([this, o = std::move(o)]() mutable { return discover_impl(std::move(o), nullptr); }, t); }
  template <class Token>
  auto async_discover(discover_options o, diagnostics& d, Token&& t) { return launch([this, o = std::move(o), dp = &d]() mutable { return discover_impl(std::move(o), dp); }, t); }
  gateway discover(discover_options o, std::error_code& ec, diagnostics* d = nullptr) {
    return detail::value_or_clear(sync_.run(discover_impl(std::move(o), d)), ec);
  }
  gateway discover(discover_options o) { return detail::run_throwing(sync_, [&](diagnostics* d) { return discover_impl(std::move(o), d); }); }

  // Skips SSDP: a known root description URL. The SSRF guard (url_policy.hpp) keeps every URL
  // of the description on `url`'s host; url_policy::allow_any_host opts out, as for discover().
  template <class Token>
  auto async_open(boost::urls::url_view url, Token&& t) { return async_open(url, url_policy::same_host, t); }
  template <class Token>
  auto async_open(boost::urls::url_view url, url_policy p, Token&& t) {
    return launch([this, u = boost::urls::url(url), p] { return open_impl(u, p, nullptr); }, t);
  }
  template <class Token>
  auto async_open(boost::urls::url_view url, diagnostics& d, Token&& t) { return async_open(url, url_policy::same_host, d, t); }
  template <class Token>
  auto async_open(boost::urls::url_view url, url_policy p, diagnostics& d, Token&& t) {
    return launch([this, u = boost::urls::url(url), p, dp = &d] { return open_impl(u, p, dp); }, t);
  }
  gateway open(boost::urls::url_view url, std::error_code& ec, diagnostics* d = nullptr) {
    return open(url, url_policy::same_host, ec, d);
  }
  gateway open(boost::urls::url_view url, url_policy p, std::error_code& ec, diagnostics* d = nullptr) {
    return detail::value_or_clear(sync_.run(open_impl(boost::urls::url(url), p, d)), ec);
  }
  gateway open(boost::urls::url_view url, url_policy p = url_policy::same_host) {
    return detail::run_throwing(sync_, [&](diagnostics* d) { return open_impl(boost::urls::url(url), p, d); });
  }

  // ---- any action of the table (all WANIP/WANPPP, CommonIFC and IPv6 firewall actions) -----
  // Routed to the service that defines A: the chosen WAN connection, its
  // WANCommonInterfaceConfig or its WANIPv6FirewallControl. Usage: invoke<get_status_info>({}).
  template <action_tag A, class Token>
  auto async_invoke(typename A::request r, Token&& t) { return launch([this, r = std::move(r)]() mutable { return invoke_impl<A>(std::move(r), nullptr); }, t); }
  template <action_tag A, class Token>
  auto async_invoke(typename A::request r, diagnostics& d, Token&& t) {
    return launch([this, r = std::move(r), dp = &d]() mutable { return invoke_impl<A>(std::move(r), dp); }, t);
  }
  template <action_tag A>
  typename A::response invoke(typename A::request r, std::error_code& ec, diagnostics* d = nullptr) {
    return detail::value_or_clear(sync_.run(invoke_impl<A>(std::move(r), d)), ec);
  }
  template <action_tag A>
  typename A::response invoke(typename A::request r) {
    return detail::run_throwing(sync_, [&](diagnostics* d) { return invoke_impl<A>(std::move(r), d); });
  }

  // ---- port mappings ---------------------------------------------------------------------
  // AddPortMapping with the workaround policy (workarounds.hpp), at most max_add_attempts sends.
  template <class Token>
  auto async_add_port_mapping(mapping_request m, Token&& t) { return launch([this, m = std::move(m)]() mutable { return add_impl(std::move(m), false, nullptr); }, t); }
  template <class Token>
  auto async_add_port_mapping(mapping_request m, diagnostics& d, Token&& t) {
    return launch([this, m = std::move(m), dp = &d]() mutable { return add_impl(std::move(m), false, dp); }, t);
  }
  mapping_result add_port_mapping(mapping_request m, std::error_code& ec, diagnostics* d = nullptr) {
    return detail::value_or_clear(sync_.run(add_impl(std::move(m), false, d)), ec);
  }
  mapping_result add_port_mapping(mapping_request m) { return detail::run_throwing(sync_, [&](diagnostics* d) { return add_impl(std::move(m), false, d); }); }

  // AddAnyPortMapping (WANIPConnection:2 only; errc::not_supported_by_service otherwise).
  template <class Token>
  auto async_add_any_port_mapping(mapping_request m, Token&& t) {
    return launch([this, m = std::move(m)]() mutable { return add_impl(std::move(m), true, nullptr); }, t);
  }
  template <class Token>
  auto async_add_any_port_mapping(mapping_request m, diagnostics& d, Token&& t) {
    return launch([this, m = std::move(m), dp = &d]() mutable { return add_impl(std::move(m), true, dp); }, t);
  }
  mapping_result add_any_port_mapping(mapping_request m, std::error_code& ec, diagnostics* d = nullptr) {
    return detail::value_or_clear(sync_.run(add_impl(std::move(m), true, d)), ec);
  }
  mapping_result add_any_port_mapping(mapping_request m) { return detail::run_throwing(sync_, [&](diagnostics* d) { return add_impl(std::move(m), true, d); }); }

  // DeletePortMapping. Completion: void(error_code); 714 NoSuchEntryInArray when there is none.
  template <class Token>
  auto async_delete_port_mapping(mapping_key k, Token&& t) { return launch([this, k] { return delete_impl(k, nullptr); }, t); }
  template <class Token>
  auto async_delete_port_mapping(mapping_key k, diagnostics& d, Token&& t) { return launch([this, k, dp = &d] { return delete_impl(k, dp); }, t); }
  void delete_port_mapping(mapping_key k, std::error_code& ec, diagnostics* d = nullptr) {
    const auto r = sync_.run(delete_impl(k, d));
    ec = r ? std::error_code{} : r.error();
  }
  void delete_port_mapping(mapping_key k) { detail::run_throwing(sync_, [&](diagnostics* d) { return delete_impl(k, d); }); }

  // GetSpecificPortMappingEntry, typed; 714 NoSuchEntryInArray when there is none.
  template <class Token>
  auto async_get_port_mapping(mapping_key k, Token&& t) { return launch([this, k] { return get_impl(k, nullptr); }, t); }
  template <class Token>
  auto async_get_port_mapping(mapping_key k, diagnostics& d, Token&& t) { return launch([this, k, dp = &d] { return get_impl(k, dp); }, t); }
  mapping_entry get_port_mapping(mapping_key k, std::error_code& ec, diagnostics* d = nullptr) {
    return detail::value_or_clear(sync_.run(get_impl(k, d)), ec);
  }
  mapping_entry get_port_mapping(mapping_key k) { return detail::run_throwing(sync_, [&](diagnostics* d) { return get_impl(k, d); }); }

  // GetListOfPortMappings (TCP then UDP, whole port range) on v2; on v1 the
  // GetGenericPortMappingEntry walk from index 0 until 713 or any error, capped. Entries that
  // cannot be typed (a hostname as internal client, an unknown protocol) are left out, each with
  // a line in diagnostics::notes.
  template <class Token>
  auto async_list_mappings(list_options o, Token&& t) { return launch([this, o] { return list_impl(o, nullptr); }, t); }
  template <class Token>
  auto async_list_mappings(list_options o, diagnostics& d, Token&& t) { return launch([this, o, dp = &d] { return list_impl(o, dp); }, t); }
  std::vector<mapping_entry> list_mappings(list_options o, std::error_code& ec, diagnostics* d = nullptr) {
    return detail::value_or_clear(sync_.run(list_impl(o, d)), ec);
  }
  std::vector<mapping_entry> list_mappings(list_options o = {}) { return detail::run_throwing(sync_, [&](diagnostics* d) { return list_impl(o, d); }); }

  // GetExternalIPAddress; nullopt when the router answers "" (address unknown).
  template <class Token>
  auto async_external_ip(Token&& t) { return launch([this] { return external_ip_impl(nullptr); }, t); }
  template <class Token>
  auto async_external_ip(diagnostics& d, Token&& t) { return launch([this, dp = &d] { return external_ip_impl(dp); }, t); }
  std::optional<boost::asio::ip::address> external_ip(std::error_code& ec, diagnostics* d = nullptr) {
    return detail::value_or_clear(sync_.run(external_ip_impl(d)), ec);
  }
  std::optional<boost::asio::ip::address> external_ip() { return detail::run_throwing(sync_, [&](diagnostics* d) { return external_ip_impl(d); }); }

 private:
  // Takes a factory so the coroutine is created inside the initiation (see async.hpp).
  template <class Factory, class Token>
  auto launch(Factory make_op, Token& t) {
    using value_type = typename std::invoke_result_t<Factory&>::value_type::value_type;
    return async_run<value_type>(executor_, std::move(make_op), std::forward<Token>(t));
  }
  // The throwing overloads: run with a local diagnostics so the message can carry the router's words.
  // Where action availability `a` lives on the current gateway.
  struct route {
    boost::urls::url control_url;
    service_version version;
    std::string service_type;
  };
  result<route> route_for(action_availability a) const;

  template <action_tag A>
  boost::asio::awaitable<result<typename A::response>> invoke_impl(typename A::request r, diagnostics* d) {
    auto where = route_for(A::availability);
    if (!where) co_return where.error();
    co_return co_await detail::call_typed<A>(wire_, std::move(where->control_url), where->version,
                                             std::move(where->service_type), std::move(r), http_, d);
  }

  boost::asio::awaitable<result<gateway>> discover_impl(discover_options o, diagnostics* d);
  boost::asio::awaitable<result<gateway>> open_impl(boost::urls::url url, url_policy policy, diagnostics* d);
  boost::asio::awaitable<result<mapping_result>> add_impl(mapping_request m, bool any, diagnostics* d);
  boost::asio::awaitable<result<void>> delete_impl(mapping_key k, diagnostics* d);
  boost::asio::awaitable<result<mapping_entry>> get_impl(mapping_key k, diagnostics* d);
  boost::asio::awaitable<result<std::vector<mapping_entry>>> list_impl(list_options o, diagnostics* d);
  boost::asio::awaitable<result<std::optional<boost::asio::ip::address>>> external_ip_impl(diagnostics* d);

  void own_pool();  // a fresh keep-alive pool, unless the caller gave one or turned keep_alive off

  detail::sync_runner sync_;  // first: its io_context outlives every connection made on it
  executor_type executor_;
  soap::http_options http_;
  bool owns_pool_ = false;
  transport wire_;
  std::optional<gateway> gateway_;
};

}  // namespace igdkit::igd
