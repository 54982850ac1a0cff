#pragma once
// The one table per argument struct: each struct lists (wire name, member pointer) pairs in SCPD
// order via `static constexpr auto fields()`. encode_arguments/decode_arguments turn any such
// struct into a soap::argument_list and back, for the client and the router alike.
// Decoding has two modes: strict for requests (the router answers 402 to a misspelt or absent
// in-argument, as conformance requires) and tolerant for responses (routers misspell outputs:
// Huawei HG531's NewUpTime), where only the outputs a table marks required can fail a call.
#include "igdkit/igd/actions/codec.hpp"
#include "igdkit/igd/error.hpp"
#include "igdkit/result.hpp"
#include "igdkit/soap/action.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>
#include <system_error>
#include <tuple>
#include <utility>

namespace igdkit::igd {

// Whether an out-argument must be in a response for the call to succeed. Required is the safe
// default: a row is optional only where the table says a caller can do without the value.
// Requests ignore the mark: every in-argument is required of a control point.
enum class presence { required, optional };

// One row of a table. `alias` is an alternative spelling accepted on decode only
// (e.g. NewNATEEnabled as printed in the IGD:2 PDF); encoding always uses `name`.
template <class Struct, class Member>
struct field {
  std::string_view name;
  Member Struct::*member;
  std::string_view alias{};
  presence need = presence::required;

  constexpr field(std::string_view n, Member Struct::*m, std::string_view a = {}) noexcept
      : name(n), member(m), alias(a) {}
  constexpr field(std::string_view n, Member Struct::*m, presence p, std::string_view a = {}) noexcept
      : name(n), member(m), alias(a), need(p) {}
};

enum class decode_mode {
  strict,    // requests: exact names, every argument required
  tolerant,  // responses: names in any letter case, optional outputs may be absent or malformed
};

// What tolerant decoding let pass, so a caller can tell "the router said 0" from "the router
// said nothing" (and a log can name the firmware's quirk).
enum class decode_issue {
  name_case,  // found under another letter case (received holds the wire spelling)
  missing,    // optional output absent: the member keeps its default
  malformed,  // optional output present but not a valid value: the member keeps its default
  not_typed,  // a listing entry whose value has no typed form (a hostname as internal client):
              // the entry is left out of the typed result
};

struct decode_note {
  std::string_view argument;  // the table's wire name (static storage)
  decode_issue issue;
  std::string received;       // the wire spelling (name_case) or the rejected text (malformed)
  friend bool operator==(const decode_note&, const decode_note&) = default;
};

// Which argument an encode/decode failure is about. `argument` is the primary wire name and
// points into the static table, so it stays valid; a router turns it into a 402 description,
// a client into a message.
struct argument_diagnostic {
  std::string_view argument;
  std::vector<decode_note> notes;  // tolerant decoding only, in table order
};

// For actions without in or out arguments.
struct no_arguments {
  static constexpr auto fields() { return std::tuple<>{}; }
  friend bool operator==(const no_arguments&, const no_arguments&) = default;
};

template <class T>
concept argument_struct = requires { T::fields(); };

namespace detail {

inline bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

// The first argument spelled exactly `name`; in tolerant mode, failing that, the first one
// spelled `name` in another letter case. An exact spelling always wins over a case variant.
inline const soap::argument* find_wire_argument(const soap::argument_list& args, std::string_view name,
                                                decode_mode mode = decode_mode::strict) noexcept {
  if (name.empty()) return nullptr;
  for (const auto& a : args)
    if (a.name == name) return &a;
  if (mode == decode_mode::tolerant)
    for (const auto& a : args)
      if (equals_ignoring_case(a.name, name)) return &a;
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

inline void add_note(argument_diagnostic* diag, std::string_view argument, decode_issue issue, std::string received) {
  if (diag) diag->notes.push_back({argument, issue, std::move(received)});
}

template <class T, class F>
bool decode_one(T& value, const F& f, const soap::argument_list& args, decode_mode mode, std::error_code& ec,
                argument_diagnostic* diag) {
  const bool may_skip = mode == decode_mode::tolerant && f.need == presence::optional;
  const soap::argument* found = find_wire_argument(args, f.name, mode);
  if (!found) found = find_wire_argument(args, f.alias, mode);
  if (!found) {
    if (may_skip) {
      add_note(diag, f.name, decode_issue::missing, {});
      return true;
    }
    ec = errc::missing_argument;
    if (diag) diag->argument = f.name;
    return false;
  }
  if (found->name != f.name && found->name != f.alias) add_note(diag, f.name, decode_issue::name_case, found->name);
  if (!decode_value(found->value, value.*(f.member))) {
    if (may_skip) {
      value.*(f.member) = {};  // a decoder may have written part of the value before failing
      add_note(diag, f.name, decode_issue::malformed, found->value);
      return true;
    }
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
// strict (requests): exact names, every row required. tolerant (responses): any letter case,
// optional rows left at their default with a note in diag->notes; required rows still fail.
template <argument_struct T>
result<T> decode_arguments(const soap::argument_list& args, decode_mode mode, argument_diagnostic* diag = nullptr) {
  T value{};
  std::error_code ec;
  std::apply([&](const auto&... f) { static_cast<void>((detail::decode_one(value, f, args, mode, ec, diag) && ...)); },
             T::fields());
  if (ec) return ec;
  return value;
}

template <argument_struct T>
result<T> decode_arguments(const soap::argument_list& args, argument_diagnostic* diag = nullptr) {
  return decode_arguments<T>(args, decode_mode::strict, diag);
}

// Wire names of T in table order (e.g. for a router's strict "no unexpected argument" check).
template <argument_struct T>
constexpr auto argument_names() {
  return std::apply([](const auto&... f) { return std::array<std::string_view, sizeof...(f)>{f.name...}; },
                    T::fields());
}

}  // namespace igdkit::igd
