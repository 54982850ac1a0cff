#include "igdkit/sim/config_file.hpp"

#include <string>

namespace igdkit::sim {

namespace {

class config_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "igdkit.lab.config"; }
  std::string message(int value) const override {
    switch (static_cast<config_errc>(value)) {
      case config_errc::invalid_json: return "not valid JSON";
      case config_errc::not_an_object: return "not a JSON object";
      case config_errc::unknown_field: return "unknown field";
      case config_errc::missing_field: return "required field missing";
      case config_errc::bad_field: return "field has a wrong type or value";
    }
    return "unknown config error";
  }
};

}  // namespace

const std::error_category& config_category() noexcept {
  static const config_category_impl category;
  return category;
}

std::error_code make_error_code(config_errc e) noexcept { return {static_cast<int>(e), config_category()}; }

}  // namespace igdkit::sim
