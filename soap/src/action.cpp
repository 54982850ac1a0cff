#include "igdkit/soap/action.hpp"

#include <algorithm>

namespace igdkit::soap {

std::optional<std::string_view> find_argument(const argument_list& args, std::string_view name) noexcept {
  auto it = std::find_if(args.begin(), args.end(), [&](const argument& a) { return a.name == name; });
  if (it == args.end()) return std::nullopt;
  return std::string_view(it->value);
}

}  // namespace igdkit::soap
