#pragma once

#include <cstdint>

namespace products::adapters::telemetry {

// What the span exporter tells the outside (metrics live elsewhere): spans it dropped, because
// its queue was full or shutdown ran out of time. Called from any thread; must not block.
class ExportObserver {
 public:
  virtual ~ExportObserver() = default;
  virtual void dropped(std::uint64_t spans) = 0;
};

}  // namespace products::adapters::telemetry
