#pragma once

#include <string>
#include <string_view>

namespace products::adapters::kafka {

// The W3C Trace Context `traceparent` header that carries a trace from the HTTP request through
// Kafka to the consumer's write.
class Traceparent {
 public:
  // "<version>-<32 hex trace id>-<16 hex parent id>-<2 hex flags>", lowercase, ids not all zero,
  // version not ff. A version above 00 may append "-..." fields, which the spec says to tolerate.
  static bool valid(std::string_view text) noexcept;
  // A new sampled root: "00-<random trace id>-<random parent id>-01".
  static std::string generate();
  // `incoming` when it is valid, else a new root, so that a malformed header never travels on.
  static std::string or_generate(std::string_view incoming);
};

}  // namespace products::adapters::kafka
