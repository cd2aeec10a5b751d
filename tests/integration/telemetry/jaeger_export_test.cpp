// The exporter against the real Jaeger of the local stack (scripts/stack.sh up): spans sent over
// OTLP/HTTP come back from Jaeger's query API as one trace, with the parent link intact.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "adapters/telemetry/batch_exporter.hpp"
#include "adapters/telemetry/otlp_http_sink.hpp"
#include "adapters/telemetry/tracer.hpp"
#include "support/jaeger_query.hpp"
#include "support/test_env.hpp"

namespace products::adapters::telemetry {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

TEST(JaegerExport, AParentAndItsChildArriveAsOneTrace) {
  const auto service = testing::unique_name("telemetry-it");
  BatchExporter exporter(
      std::make_unique<OtlpHttpSink>(testing::otlp_http_endpoint(),
                                     OtlpProtoEncoder({{"service.name", service}}, "products-service", "test")),
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

  const testing::JaegerQuery jaeger;
  const auto trace = jaeger.wait_for_trace(trace_id, 2, 30s);
  ASSERT_FALSE(trace.is_null()) << "trace " << trace_id << " not in Jaeger at " << testing::jaeger_query_url();
  ASSERT_EQ(trace.at("spans").as_array().size(), 2u) << testing::JaegerQuery::span_names(trace);

  const auto* parent = testing::JaegerQuery::span_named(trace, "POST /api/v1/products");
  const auto* child = testing::JaegerQuery::span_named(trace, "products.commands publish");
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
  const auto has_tag = &testing::JaegerQuery::has_tag;
  EXPECT_TRUE(has_tag(*parent, "span.kind", "server"));
  EXPECT_TRUE(has_tag(*parent, "http.response.status_code", "202"));
  EXPECT_TRUE(has_tag(*child, "span.kind", "producer"));
  EXPECT_TRUE(has_tag(*child, "messaging.system", "kafka"));
  EXPECT_EQ(child->at("logs").as_array().size(), 1u);
  const auto& process = trace.at("processes").at(std::string(parent->at("processID").as_string()));
  EXPECT_EQ(process.at("serviceName").as_string(), service);

  EXPECT_NE(jaeger.services().find(service), std::string::npos);
}

}  // namespace
}  // namespace products::adapters::telemetry
