#pragma once

#include <cstdint>
#include <string>

#include "domain/product.hpp"
#include "domain/trace_headers.hpp"

namespace products::domain {

enum class CommandType { Create, Update, Delete };

// A write travelling through Kafka. `version` is the issue time in microseconds since the epoch:
// the order of issue decides the final state, whatever order the topics deliver in.
struct ProductCommand {
  CommandType type = CommandType::Create;
  Product product;  // for Delete only the id is meaningful
  std::int64_t version = 0;
  TraceHeaders trace;
};

const char* to_string(CommandType type) noexcept;
std::int64_t version_now();

}  // namespace products::domain
