// The exporter against the real Jaeger of the local stack (scripts/stack.sh up): spans sent over
// OTLP/HTTP come back from Jaeger's query API as one trace, with the parent link intact.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "adapters/telemetry/batch_exporter.hpp"
#include "adapters/telemetry/otlp_http_sink.hpp"
#include "adapters/telemetry/tracer.hpp"
#include "support/http_client.hpp"
#include "support/test_env.hpp"

namespace products::adapters::telemetry {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

// JAEGER_QUERY_URL is "http://host:port", as scripts/stack.sh writes it.
testing::HttpClient jaeger_query() {
  const auto url = testing::jaeger_query_url();
  const auto authority = url.substr(url.find("//") + 2);
  const auto colon = authority.rfind(':');
  return testing::HttpClient(authority.substr(0, colon), std::stoi(authority.substr(colon + 1)));
}

// The trace as Jaeger's query API returns it, or null while it has not arrived whole.
json::value find_trace(const testing::HttpClient& jaeger, const std::string& trace_id, std::size_t spans) {
  const auto result = jaeger.get("/api/traces/" + trace_id);
  if (result.status != 200) return nullptr;
  auto body = json::parse(result.body);
  const auto& data = body.at("data").as_array();
  if (data.size() != 1 || data[0].at("spans").as_array().size() != spans) return nullptr;
  return data[0];
}

const json::object* span_named(const json::value& trace, std::string_view name) {
  for (const auto& span : trace.at("spans").as_array()) {
    if (span.at("operationName").as_string() == name) return &span.as_object();
  }
  return nullptr;
}

TEST(JaegerExport, AParentAndItsChildArriveAsOneTrace) {
  const auto service = testing::unique_name("telemetry-it");
  BatchExporter exporter(
      std::make_unique<OtlpHttpSink>(testing::otlp_http_endpoint(),
                                     OtlpJsonEncoder({{"service.name", service}}, "products-service", "test")),
      BatchOptions{.max_batch = 16, .interval = 100ms});
  const Tracer tracer(Sampler(1.0), &exporter);

  std::string trace_id, parent_id, child_id;
  {
    auto parent = tracer.start_span("POST /api/v1/products", SpanKind::Server);
    parent.set_attribute("http.request.method", std::string("POST"));
    parent.set_attribute("http.response.status_code", std::int64_t{202});
    auto child = tracer.start_span("products.commands publish", SpanKind::Producer, parent.context());
    child.set_attribute("messaging.system", std::string("kafka"));
    child.add_event("delivered");
    trace_id = parent.context().trace_id_hex();
    parent_id = parent.context().span_id_hex();
    child_id = child.context().span_id_hex();
    child.end();
    parent.end();
  }
  exporter.shutdown(domain::Deadline::after(10s));
  ASSERT_EQ(exporter.exported(), 2u) << "failed " << exporter.failed() << ", dropped " << exporter.dropped();

  const auto jaeger = jaeger_query();
  json::value trace;
  ASSERT_TRUE(testing::wait_until([&] { return !(trace = find_trace(jaeger, trace_id, 2)).is_null(); }, 30s))
      << "trace " << trace_id << " not in Jaeger at " << testing::jaeger_query_url();

  const auto* parent = span_named(trace, "POST /api/v1/products");
  const auto* child = span_named(trace, "products.commands publish");
  ASSERT_TRUE(parent && child);
  EXPECT_EQ(parent->at("spanID").as_string(), parent_id);
  EXPECT_EQ(child->at("spanID").as_string(), child_id);
  EXPECT_TRUE(parent->at("references").as_array().empty());
  const auto& references = child->at("references").as_array();
  ASSERT_EQ(references.size(), 1u);
  EXPECT_EQ(references[0].at("refType").as_string(), "CHILD_OF");
  EXPECT_EQ(references[0].at("traceID").as_string(), trace_id);
  EXPECT_EQ(references[0].at("spanID").as_string(), parent_id);

  // The span kinds and attributes arrive as Jaeger tags; the resource names the service.
  const auto has_tag = [](const json::object& span, std::string_view key, std::string_view value) {
    for (const auto& tag : span.at("tags").as_array()) {
      if (tag.at("key").as_string() == key && json::serialize(tag.at("value")).find(value) != std::string::npos) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(has_tag(*parent, "span.kind", "server"));
  EXPECT_TRUE(has_tag(*parent, "http.response.status_code", "202"));
  EXPECT_TRUE(has_tag(*child, "span.kind", "producer"));
  EXPECT_TRUE(has_tag(*child, "messaging.system", "kafka"));
  EXPECT_EQ(child->at("logs").as_array().size(), 1u);
  const auto& process = trace.at("processes").at(std::string(parent->at("processID").as_string()));
  EXPECT_EQ(process.at("serviceName").as_string(), service);

  const auto services = jaeger.get("/api/services");
  EXPECT_NE(services.body.find(service), std::string::npos);
}

}  // namespace
}  // namespace products::adapters::telemetry
