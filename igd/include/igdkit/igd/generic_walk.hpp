#pragma once
// The IGD:1 listing walk (GetGenericPortMappingEntry from index 0) as a sans-I/O stepper: it
// names the next index, is fed each answer, and says when the walk is over. A router error ends
// the list (713 by the spec; MikroTik and others use other codes); a transport failure fails it.
#include "igdkit/igd/actions.hpp"
#include "igdkit/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <system_error>

namespace igdkit::igd {

class generic_walk {
 public:
  enum class step { more, done, failed };

  explicit generic_walk(std::size_t max_entries) : max_entries_(max_entries) {}

  // The index to ask for; nullopt once the walk is over.
  std::optional<std::uint16_t> next_index() const noexcept;
  // The answer for next_index(). On `more` the entry (if any) is the caller's to keep.
  step on_answer(const result<generic_port_mapping_entry>& answer);
  std::error_code error() const noexcept { return error_; }

 private:
  std::size_t max_entries_;
  std::size_t index_ = 0;
  bool over_ = false;
  std::error_code error_;
};

}  // namespace igdkit::igd
