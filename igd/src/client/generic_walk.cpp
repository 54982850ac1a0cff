#include "igdkit/igd/generic_walk.hpp"

#include "igdkit/soap/upnp_error.hpp"

namespace igdkit::igd {

namespace {
constexpr std::size_t index_space = 65536;  // NewPortMappingIndex is a ui2
}

std::optional<std::uint16_t> generic_walk::next_index() const noexcept {
  if (over_ || index_ >= max_entries_ || index_ >= index_space) return std::nullopt;
  return static_cast<std::uint16_t>(index_);
}

generic_walk::step generic_walk::on_answer(const result<generic_port_mapping_entry>& answer) {
  if (over_) return error_ ? step::failed : step::done;
  if (!answer) {
    over_ = true;
    if (answer.error().category() == soap::upnp_category()) return step::done;
    error_ = answer.error();
    return step::failed;
  }
  ++index_;
  if (!next_index()) over_ = true;
  return step::more;
}

}  // namespace igdkit::igd
