#pragma once

#include <string_view>

namespace products::adapters::telemetry {

// An attribute's name. The service's names are the semantic conventions', string literals, and
// the consteval constructor lets nothing else in: a span keeps a view of the name instead of
// copying it (most are longer than a short string's inline buffer), and the view cannot dangle.
class AttributeKey {
 public:
  // Implicit, so that a literal reads as a name: set_attribute("url.path", ...).
  consteval AttributeKey(const char* name) : name_(name) {}  // NOLINT(google-explicit-constructor)

  constexpr operator std::string_view() const noexcept { return name_; }  // NOLINT(google-explicit-constructor)

 private:
  std::string_view name_;
};

}  // namespace products::adapters::telemetry
