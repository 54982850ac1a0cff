#include "igdkit/igd/actions/action.hpp"

namespace igdkit::igd {

std::optional<action_availability> find_action_availability(std::string_view name) noexcept {
  std::optional<action_availability> found;
  visit_action(name, [&](auto tag) { found = decltype(tag)::type::availability; });
  return found;
}

}  // namespace igdkit::igd
