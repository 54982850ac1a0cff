#pragma once
// libminiupnpc (Debian libminiupnpc-dev) as the baseline client: the same root description URL,
// the service it picks itself, and the calls a miniupnpc user makes. Only built when CMake found
// the library (IGDKIT_BENCH_HAVE_MINIUPNPC); one object per opened IGD.
#if IGDKIT_BENCH_HAVE_MINIUPNPC
#include <miniupnpc/miniupnpc.h>
#include <miniupnpc/upnpcommands.h>

#include <array>
#include <string>

namespace igdkit::bench {

class miniupnpc_session {
 public:
  explicit miniupnpc_session(const std::string& rootdesc_url) {
    // 1: a connected IGD; 2 and 3: an IGD miniupnpc would still use (not connected, or not an IGD by its rules).
    const int found = UPNP_GetIGDFromUrl(rootdesc_url.c_str(), &urls_, &data_, lan_address_.data(),
                                         static_cast<int>(lan_address_.size()));
    opened_ = found != 0 && urls_.controlURL != nullptr;
  }
  ~miniupnpc_session() {
    if (opened_) FreeUPNPUrls(&urls_);
  }
  miniupnpc_session(const miniupnpc_session&) = delete;
  miniupnpc_session& operator=(const miniupnpc_session&) = delete;

  bool opened() const noexcept { return opened_; }
  const char* lan_address() const noexcept { return lan_address_.data(); }

  bool add_then_delete(const std::string& port) {
    const int added = UPNP_AddPortMapping(urls_.controlURL, data_.first.servicetype, port.c_str(), port.c_str(),
                                          lan_address_.data(), "igdkit-bench", "TCP", nullptr, "3600");
    if (added != UPNPCOMMAND_SUCCESS) return false;
    return UPNP_DeletePortMapping(urls_.controlURL, data_.first.servicetype, port.c_str(), "TCP", nullptr) ==
           UPNPCOMMAND_SUCCESS;
  }
  bool external_ip() {
    std::array<char, 64> address{};
    return UPNP_GetExternalIPAddress(urls_.controlURL, data_.first.servicetype, address.data()) ==
               UPNPCOMMAND_SUCCESS &&
           address[0] != '\0';
  }

 private:
  UPNPUrls urls_{};
  IGDdatas data_{};
  std::array<char, 64> lan_address_{};
  bool opened_ = false;
};

}  // namespace igdkit::bench
#endif
