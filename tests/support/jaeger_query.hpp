#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "support/http_client.hpp"

namespace products::testing {

// Jaeger's query API (JAEGER_QUERY_URL of the local stack), as tests read traces back from it.
class JaegerQuery {
 public:
  JaegerQuery();

  // The trace once it holds at least `spans` spans, or null when it did not within `timeout`:
  // spans arrive in batches, from each service's exporter on its own schedule.
  boost::json::value wait_for_trace(const std::string& trace_id, std::size_t spans,
                                    std::chrono::milliseconds timeout) const;
  // The names of the services Jaeger knows.
  std::string services() const;

  static const boost::json::object* span_named(const boost::json::value& trace, std::string_view name);
  // The spanID of the span's CHILD_OF parent, or nullopt for a root.
  static std::optional<std::string> parent_of(const boost::json::object& span);
  // Whether a tag `key` holds `value` (compared as the JSON text of the value contains it).
  static bool has_tag(const boost::json::object& span, std::string_view key, std::string_view value);
  // Every operation name, for failure messages.
  static std::string span_names(const boost::json::value& trace);

 private:
  HttpClient client_;
};

}  // namespace products::testing
