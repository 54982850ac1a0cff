#include "igdkit/soap/connection_pool.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace igdkit::soap {

namespace {

// Open with nothing to read: what an idle keep-alive connection must look like. A peer that
// closed it reads as 0 bytes; unsolicited bytes mean it is out of step: neither is reusable.
bool still_idle(boost::asio::ip::tcp::socket& socket) {
  char byte = 0;
  const auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

std::optional<boost::asio::ip::tcp::socket> connection_pool::take(const key& k, const boost::asio::any_io_executor& ex) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  for (auto it = idle_.begin(); it != idle_.end();) {
    if (!(it->k == k) || it->socket.get_executor() != ex) {
      ++it;
      continue;
    }
    auto socket = std::move(it->socket);
    const bool fresh = now - it->since < settings_.idle_timeout;
    it = idle_.erase(it);
    if (fresh && still_idle(socket)) return socket;
    boost::system::error_code ignored;
    socket.close(ignored);
  }
  return std::nullopt;
}

void connection_pool::put(key k, boost::asio::ip::tcp::socket socket) {
  std::lock_guard lock(mutex_);
  if (settings_.max_idle == 0) return;
  if (idle_.size() >= settings_.max_idle) idle_.erase(idle_.begin());
  idle_.push_back(entry{std::move(k), std::move(socket), std::chrono::steady_clock::now()});
}

void connection_pool::clear() {
  std::lock_guard lock(mutex_);
  idle_.clear();
}

std::size_t connection_pool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace igdkit::soap
