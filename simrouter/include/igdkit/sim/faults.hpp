#pragma once
// Faults the lab can inject, as plain data (set over the admin API or from C++). A
// default-constructed fault_set injects nothing.
#include <chrono>
#include <cstdint>
#include <optional>

namespace igdkit::sim {

struct ssdp_faults {
  bool drop = false;                    // answer no M-SEARCH
  std::chrono::milliseconds delay{0};   // added to the UDA random delay
  unsigned copies = 1;                  // answer each search this many times
  friend bool operator==(const ssdp_faults&, const ssdp_faults&) = default;
};

// What happens to an HTTP reply (description, SCPD or SOAP).
enum class http_fault_action {
  none,              // answer normally (after `delay`)
  reset,             // close the connection with RST instead of answering
  truncate_body,     // send the headers and half the body, then close
  status_500_empty,  // HTTP 500 with no body at all
};

struct http_faults {
  std::chrono::milliseconds delay{0};
  http_fault_action action = http_fault_action::none;
  bool control_only = true;        // only SOAP POSTs; false = every HTTP request
  std::optional<unsigned> times;   // apply to the next N matching requests, then clear; nullopt = until cleared
  friend bool operator==(const http_faults&, const http_faults&) = default;
};

struct fault_set {
  ssdp_faults ssdp;
  http_faults http;
  // false: the router stops answering altogether (SSDP silent, HTTP requests never answered),
  // like a hung UPnP daemon; true again resumes.
  bool answering = true;
  // true: the WAN cable is out. PhysicalLinkStatus Down, ConnectionStatus Disconnected, no
  // external address (and the events that go with it); false again reconnects.
  bool wan_link_down = false;
  friend bool operator==(const fault_set&, const fault_set&) = default;
};

}  // namespace igdkit::sim
