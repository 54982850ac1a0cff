#pragma once
// The one table per argument struct: each struct lists (wire name, member pointer) pairs in SCPD
// order via `static constexpr auto fields()`. encode_arguments/decode_arguments turn any such
// struct into a soap::argument_list and back, for the client and the router alike.
#include "igdkit/igd/actions/codec.hpp"
#include "igdkit/igd/error.hpp"
#include "igdkit/result.hpp"
#include "igdkit/soap/action.hpp"

#include <array>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>

namespace igdkit::igd {

// One row of a table. `alias` is an alternative spelling accepted on decode only
// (e.g. NewNATEEnabled as printed in the IGD:2 PDF); encoding always uses `name`.
template <class Struct, class Member>
struct field {
  std::string_view name;
  Member Struct::*member;
  std::string_view alias{};

  constexpr field(std::string_view n, Member Struct::*m, std::string_view a = {}) noexcept
      : name(n), member(m), alias(a) {}
};

// Which argument an encode/decode failure is about. `argument` is the primary wire name and
// points into the static table, so it stays valid; a router turns it into a 402 description,
// a client into a message.
struct argument_diagnostic {
  std::string_view argument;
};

// For actions without in or out arguments.
struct no_arguments {
  static constexpr auto fields() { return std::tuple<>{}; }
  friend bool operator==(const no_arguments&, const no_arguments&) = default;
};

template <class T>
concept argument_struct = requires { T::fields(); };

namespace detail {

inline const std::string* find_wire_argument(const soap::argument_list& args, std::string_view name) noexcept {
  if (name.empty()) return nullptr;
  for (const auto& a : args)
    if (a.name == name) return &a.value;
  return nullptr;
}

template <class T, class F>
bool encode_one(const T& value, const F& f, soap::argument_list& out, std::error_code& ec,
                argument_diagnostic* diag) {
  std::string text;
  if (!encode_value(value.*(f.member), text)) {
    ec = errc::invalid_argument_value;
    if (diag) diag->argument = f.name;
    return false;
  }
  out.push_back(soap::argument{std::string(f.name), std::move(text)});
  return true;
}

template <class T, class F>
bool decode_one(T& value, const F& f, const soap::argument_list& args, std::error_code& ec,
                argument_diagnostic* diag) {
  const std::string* text = find_wire_argument(args, f.name);
  if (!text) text = find_wire_argument(args, f.alias);
  if (!text) {
    ec = errc::missing_argument;
    if (diag) diag->argument = f.name;
    return false;
  }
  if (!decode_value(*text, value.*(f.member))) {
    ec = errc::invalid_argument_value;
    if (diag) diag->argument = f.name;
    return false;
  }
  return true;
}

}  // namespace detail

// Struct -> arguments in table (SCPD) order. Fails with errc::invalid_argument_value only for
// values the wire type cannot carry (a lease outside ui4).
template <argument_struct T>
result<soap::argument_list> encode_arguments(const T& value, argument_diagnostic* diag = nullptr) {
  soap::argument_list out;
  std::error_code ec;
  std::apply([&](const auto&... f) { static_cast<void>((detail::encode_one(value, f, out, ec, diag) && ...)); }, T::fields());
  if (ec) return ec;
  return out;
}

// Arguments -> struct, by name (order and extra arguments are tolerated; the first of duplicate
// names wins). errc::missing_argument / errc::invalid_argument_value name the argument in diag.
template <argument_struct T>
result<T> decode_arguments(const soap::argument_list& args, argument_diagnostic* diag = nullptr) {
  T value{};
  std::error_code ec;
  std::apply([&](const auto&... f) { static_cast<void>((detail::decode_one(value, f, args, ec, diag) && ...)); }, T::fields());
  if (ec) return ec;
  return value;
}

// Wire names of T in table order (e.g. for a router's strict "no unexpected argument" check).
template <argument_struct T>
constexpr auto argument_names() {
  return std::apply([](const auto&... f) { return std::array<std::string_view, sizeof...(f)>{f.name...}; },
                    T::fields());
}

}  // namespace igdkit::igd
