// Uses the installed headers and libraries: builds a typed error and prints its message.
#include <igdkit/protocol.hpp>
#include <igdkit/soap/upnp_error.hpp>

#include <iostream>

int main() {
  std::error_code ec = igdkit::soap::upnp_errc::conflict_in_mapping_entry;
  std::cout << ec.message() << " for " << igdkit::to_string(igdkit::protocol::tcp) << "\n";
  return ec.category() == igdkit::soap::upnp_category() ? 0 : 1;
}
