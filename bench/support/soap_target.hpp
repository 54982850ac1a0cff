#pragma once
// The benchmarks' SOAP target from a root description URL: igdkit's client opens it (the
// description, the WAN connection service it would pick) and the control URL is split into what
// soap_session needs. The numeric host of an IGD URL is used as is, without a resolver.
#include "soap_session.hpp"

#include "igdkit/igd/client.hpp"
#include "igdkit/url_parse.hpp"

#include <boost/asio/system_executor.hpp>

#include <optional>
#include <string>

namespace igdkit::bench {

inline std::optional<soap_target> target_from_control_url(std::string_view control_url, std::string service_type) {
  auto url = parse_absolute_url(control_url);
  if (!url || !url->has_port()) return std::nullopt;
  boost::system::error_code ec;
  auto host = std::string(url->host_address());
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  const auto address = asio::ip::make_address(host, ec);
  if (ec) return std::nullopt;
  const std::string path = url->encoded_target().empty() ? "/" : std::string(url->encoded_target());
  return soap_target{{address, url->port_number()}, std::string(url->encoded_host_and_port()), path,
                     std::move(service_type)};
}

// nullopt with *why set when the description cannot be opened.
inline std::optional<soap_target> target_from_description(std::string_view rootdesc_url, std::string* why) {
  auto url = parse_absolute_url(rootdesc_url);
  if (!url) {
    *why = "not an absolute URL: " + std::string(rootdesc_url);
    return std::nullopt;
  }
  igd::client client(asio::system_executor{});
  std::error_code ec;
  const auto gateway = client.open(*url, ec);
  if (ec) {
    *why = "cannot open " + std::string(rootdesc_url) + ": " + ec.message();
    return std::nullopt;
  }
  const auto& service = gateway.connection.connection;
  auto target = target_from_control_url(service.control_url.buffer(), service.service_type);
  if (!target) *why = "control URL without a numeric host and port: " + std::string(service.control_url.buffer());
  return target;
}

}  // namespace igdkit::bench
