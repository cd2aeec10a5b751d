#include "support/jaeger_query.hpp"

#include "support/test_env.hpp"

namespace products::testing {

namespace json = boost::json;

JaegerQuery::JaegerQuery() : client_(HttpClient::for_url(jaeger_query_url())) {}

json::value JaegerQuery::wait_for_trace(const std::string& trace_id, std::size_t spans,
                                        std::chrono::milliseconds timeout) const {
  json::value found;
  wait_until(
      [&] {
        const auto result = client_.get("/api/traces/" + trace_id);
        if (result.status != 200) return false;
        auto body = json::parse(result.body);
        const auto& data = body.at("data").as_array();
        if (data.size() != 1 || data[0].at("spans").as_array().size() < spans) return false;
        found = data[0];
        return true;
      },
      timeout, std::chrono::milliseconds(200));
  return found;
}

std::string JaegerQuery::services() const { return client_.get("/api/services").body; }

const json::object* JaegerQuery::span_named(const json::value& trace, std::string_view name) {
  for (const auto& span : trace.at("spans").as_array()) {
    if (span.at("operationName").as_string() == name) return &span.as_object();
  }
  return nullptr;
}

std::optional<std::string> JaegerQuery::parent_of(const json::object& span) {
  for (const auto& reference : span.at("references").as_array()) {
    if (reference.at("refType").as_string() == "CHILD_OF") return std::string(reference.at("spanID").as_string());
  }
  return std::nullopt;
}

bool JaegerQuery::has_tag(const json::object& span, std::string_view key, std::string_view value) {
  for (const auto& tag : span.at("tags").as_array()) {
    if (tag.at("key").as_string() == key && json::serialize(tag.at("value")).find(value) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string JaegerQuery::span_names(const json::value& trace) {
  std::string names;
  for (const auto& span : trace.at("spans").as_array()) {
    names += (names.empty() ? "" : ", ") + std::string(span.at("operationName").as_string());
  }
  return names;
}

}  // namespace products::testing
