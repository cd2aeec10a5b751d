// Traces of the real binary in the real Jaeger of the local stack (SPEC §8): a REST create is one
// trace from the client's span through the HTTP server, the Kafka produce and consume, to the
// MongoDB write; reads and gRPC calls are traced too, and the client's trace id is kept throughout.
#include <map>
#include <string>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include "adapters/telemetry/span_context.hpp"
#include "support/jaeger_query.hpp"
#include "support/product_fixtures.hpp"
#include "support/product_proto_fixtures.hpp"
#include "support/service_under_test.hpp"
#include "support/shared_service_suite.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;
using adapters::telemetry::SpanContext;
namespace json = boost::json;

// The client's own span: a new trace whose id the test looks for in Jaeger.
struct ClientSpan {
  std::string trace_id = SpanContext::hex(SpanContext::random_span_id()) + SpanContext::hex(SpanContext::random_span_id());
  std::string span_id = SpanContext::hex(SpanContext::random_span_id());
  std::string traceparent() const { return "00-" + trace_id + "-" + span_id + "-01"; }
};

class TracingTest : public SharedServiceSuite<TracingTest> {
 public:
  static std::map<std::string, std::string> service_env() {
    return {{"TRACING_ENDPOINT", otlp_http_endpoint()}, {"TRACING_SAMPLE_RATIO", "1"}, {"SERVICE_NAME", service_name_}};
  }

 protected:
  // The span `name` of `trace`, asserting it is there and is the child of `parent`.
  static const json::object& child(const json::value& trace, std::string_view name, const std::string& parent) {
    const auto* span = JaegerQuery::span_named(trace, name);
    EXPECT_TRUE(span) << name << " missing; the trace has: " << JaegerQuery::span_names(trace);
    static const json::object none;
    if (!span) return none;
    EXPECT_EQ(JaegerQuery::parent_of(*span), parent) << name << " has the wrong parent";
    return *span;
  }
  static std::string id_of(const json::object& span) {
    return span.contains("spanID") ? std::string(span.at("spanID").as_string()) : std::string();
  }

  static inline const std::string service_name_ = unique_name("products-traced");
  const JaegerQuery jaeger_;
};

TEST_F(TracingTest, ARestCreateIsOneTraceFromTheClientThroughKafkaToMongoDb) {
  const ClientSpan client;
  const auto topic = service_->names().create_topic;
  const auto created = service_->http().request("POST", "/api/v1/products",
                                                json::serialize(valid_product_json("Traced cup")),
                                                {{"Content-Type", "application/json"}, {"traceparent", client.traceparent()}});
  ASSERT_EQ(created.status, 202) << created.body;

  const auto trace = jaeger_.wait_for_trace(client.trace_id, 4, 30s);
  ASSERT_FALSE(trace.is_null()) << "trace " << client.trace_id << " not in Jaeger at " << jaeger_query_url();

  const auto& server = child(trace, "POST /api/v1/products", client.span_id);
  const auto& send = child(trace, "send " + topic, id_of(server));
  const auto& process = child(trace, "process " + topic, id_of(send));
  const auto& write = child(trace, "bulkWrite products", id_of(process));

  EXPECT_TRUE(JaegerQuery::has_tag(server, "span.kind", "server"));
  EXPECT_TRUE(JaegerQuery::has_tag(server, "http.route", "/api/v1/products"));
  EXPECT_TRUE(JaegerQuery::has_tag(server, "http.response.status_code", "202"));
  EXPECT_TRUE(JaegerQuery::has_tag(send, "span.kind", "producer"));
  EXPECT_TRUE(JaegerQuery::has_tag(send, "messaging.system", "kafka"));
  EXPECT_TRUE(JaegerQuery::has_tag(send, "messaging.destination.name", topic));
  EXPECT_TRUE(JaegerQuery::has_tag(process, "span.kind", "consumer"));
  EXPECT_TRUE(JaegerQuery::has_tag(process, "messaging.consumer.group.name", service_->names().group));
  EXPECT_TRUE(JaegerQuery::has_tag(process, "messaging.kafka.offset", ""));
  EXPECT_TRUE(JaegerQuery::has_tag(process, "products.command.outcome", "applied"));
  EXPECT_TRUE(JaegerQuery::has_tag(write, "span.kind", "client"));
  EXPECT_TRUE(JaegerQuery::has_tag(write, "db.system", "mongodb"));
  EXPECT_TRUE(JaegerQuery::has_tag(write, "db.namespace", service_->names().database));
  EXPECT_NE(jaeger_.services().find(service_name_), std::string::npos);
}

TEST_F(TracingTest, AReadThatMissesTheCacheShowsTheRedisAndMongoDbCalls) {
  // A product that does not exist is never cached: the read goes through to MongoDB.
  const ClientSpan client;
  const auto missing = service_->http().request("GET", product_path("65a1b2c3d4e5f60718293a4b"), {},
                                                {{"traceparent", client.traceparent()}});
  ASSERT_EQ(missing.status, 404) << missing.body;

  const auto trace = jaeger_.wait_for_trace(client.trace_id, 3, 30s);
  ASSERT_FALSE(trace.is_null()) << "trace " << client.trace_id << " not in Jaeger";
  const auto& server = child(trace, "GET /api/v1/products/{id}", client.span_id);
  EXPECT_TRUE(JaegerQuery::has_tag(server, "http.response.status_code", "404"));
  const auto& find = child(trace, "find products", id_of(server));
  EXPECT_TRUE(JaegerQuery::has_tag(find, "db.operation.name", "find"));
  const auto& cache = child(trace, "GET", id_of(server));
  EXPECT_TRUE(JaegerQuery::has_tag(cache, "db.system", "redis"));
}

TEST_F(TracingTest, AGrpcCallIsTracedAsAnRpcServerSpanOfTheClientsTrace) {
  const ClientSpan client;
  auto stub = productsService::ProductsService::NewStub(
      grpc::CreateChannel(service_->grpc_target(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  set_test_deadline(context);
  context.AddMetadata("traceparent", client.traceparent());
  productsService::GetByIDReq request;
  request.set_productid("65a1b2c3d4e5f60718293a4c");
  productsService::GetByIDRes response;
  EXPECT_EQ(stub->GetByID(&context, request, &response).error_code(), grpc::StatusCode::NOT_FOUND);

  const auto trace = jaeger_.wait_for_trace(client.trace_id, 2, 30s);
  ASSERT_FALSE(trace.is_null()) << "trace " << client.trace_id << " not in Jaeger";
  const auto& server = child(trace, "productsService.ProductsService/GetByID", client.span_id);
  EXPECT_TRUE(JaegerQuery::has_tag(server, "span.kind", "server"));
  EXPECT_TRUE(JaegerQuery::has_tag(server, "rpc.system", "grpc"));
  EXPECT_TRUE(JaegerQuery::has_tag(server, "rpc.method", "GetByID"));
  EXPECT_TRUE(JaegerQuery::has_tag(server, "rpc.grpc.status_code", "5"));
  child(trace, "find products", id_of(server));
}

}  // namespace
}  // namespace products::testing
