#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "adapters/http/responses.hpp"
#include "adapters/http/router.hpp"
#include "adapters/telemetry/active_context.hpp"
#include "domain/error.hpp"
#include "support/fakes/recording_span_processor.hpp"

namespace products::adapters::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::status;
using beast_http::verb;
using products::testing::attribute_of;
using telemetry::AttributeValue;

constexpr const char* kClient = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

class RouterTracingTest : public ::testing::Test {
 protected:
  RouterTracingTest() {
    router_.add(verb::get, "/api/v1/products/{id}", [this](const Request&, const PathParams&, Reply& reply) {
      active_in_handler_ = telemetry::ActiveContext::current();
      reply(json_response(status::ok, "{}"));
    });
    router_.add(verb::post, "/api/v1/products", [](const Request&, const PathParams&, Reply&) {
      throw domain::Error::unavailable("broker down");
    });
    router_.trace(&tracer_);
  }

  telemetry::SpanData dispatch(Request request) {
    std::optional<Response> sent;
    router_.dispatch(request, Reply([&](Response&& response) { sent = std::move(response); }));
    EXPECT_TRUE(sent);
    const auto ended = processor_.ended();
    EXPECT_EQ(ended.size(), 1u) << "one server span per request";
    return ended.empty() ? telemetry::SpanData{} : ended.back();
  }

  products::testing::RecordingSpanProcessor processor_;
  telemetry::Tracer tracer_{telemetry::Sampler(1.0), &processor_};
  Router router_;
  telemetry::SpanContext active_in_handler_;
};

TEST_F(RouterTracingTest, AServerSpanNamedByTheRouteIsTheChildOfTheClientsTraceparent) {
  Request request{verb::get, "/api/v1/products/65a1b2c3d4e5f60718293a4b?fields=all", 11};
  request.set("traceparent", kClient);
  request.set("tracestate", "vendor=1");
  request.set(beast_http::field::user_agent, "curl/8");
  const auto span = dispatch(request);

  EXPECT_EQ(span.name, "GET /api/v1/products/{id}");
  EXPECT_EQ(span.kind, telemetry::SpanKind::Server);
  EXPECT_EQ(span.context.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(telemetry::SpanContext::hex(span.parent_span_id), "00f067aa0ba902b7");
  EXPECT_EQ(span.context.trace_state(), "vendor=1");
  EXPECT_EQ(attribute_of(span, "http.request.method"), AttributeValue(std::string("GET")));
  EXPECT_EQ(attribute_of(span, "http.route"), AttributeValue(std::string("/api/v1/products/{id}")));
  EXPECT_EQ(attribute_of(span, "url.path"), AttributeValue(std::string("/api/v1/products/65a1b2c3d4e5f60718293a4b")));
  EXPECT_EQ(attribute_of(span, "http.response.status_code"), AttributeValue(std::int64_t{200}));
  EXPECT_EQ(attribute_of(span, "user_agent.original"), AttributeValue(std::string("curl/8")));
  EXPECT_EQ(span.status, telemetry::SpanStatus::Unset);
  // The handler ran inside the span, so that what it calls joins the trace.
  EXPECT_EQ(active_in_handler_.span_id(), span.context.span_id());
  EXPECT_FALSE(telemetry::ActiveContext::current().valid()) << "the scope ends with dispatch";
}

TEST_F(RouterTracingTest, AMalformedTraceparentStartsANewTrace) {
  Request request{verb::get, "/api/v1/products/1", 11};
  request.set("traceparent", "00-zzzz-00f067aa0ba902b7-01");
  const auto span = dispatch(request);
  EXPECT_TRUE(span.context.valid());
  EXPECT_NE(span.context.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(span.parent_span_id, telemetry::SpanId{});
}

TEST_F(RouterTracingTest, AServerErrorFailsTheSpan) {
  const auto span = dispatch(Request{verb::post, "/api/v1/products", 11});
  EXPECT_EQ(span.name, "POST /api/v1/products");
  EXPECT_EQ(attribute_of(span, "http.response.status_code"), AttributeValue(std::int64_t{503}));
  EXPECT_EQ(span.status, telemetry::SpanStatus::Error);
}

TEST_F(RouterTracingTest, AnUnmatchedPathKeepsTheBareMethodAsItsNameAndIsNoServerError) {
  const auto span = dispatch(Request{verb::get, "/nowhere/at/all", 11});
  EXPECT_EQ(span.name, "GET") << "never the raw path: names must stay few";
  EXPECT_FALSE(attribute_of(span, "http.route"));
  EXPECT_EQ(attribute_of(span, "http.response.status_code"), AttributeValue(std::int64_t{404}));
  EXPECT_EQ(span.status, telemetry::SpanStatus::Unset);
}

TEST_F(RouterTracingTest, UntracedPathsGetNoSpanWhateverTheirQuery) {
  router_.add(verb::get, "/healthz", [](const Request&, const PathParams&, Reply& reply) {
    reply(json_response(status::ok, "{}"));
  });
  router_.trace(&tracer_, {"/healthz"});
  for (const auto* target : {"/healthz", "/healthz?verbose=1"}) {
    std::optional<Response> sent;
    router_.dispatch(Request{verb::get, target, 11}, Reply([&](Response&& response) { sent = std::move(response); }));
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->result(), status::ok);
  }
  EXPECT_TRUE(processor_.ended().empty());
  EXPECT_EQ(dispatch(Request{verb::get, "/api/v1/products/1", 11}).name, "GET /api/v1/products/{id}")
      << "other paths stay traced";
}

TEST_F(RouterTracingTest, AnUnsampledClientTraceRecordsNothingButStillPropagates) {
  Request request{verb::get, "/api/v1/products/1", 11};
  request.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  std::optional<Response> sent;
  router_.dispatch(request, Reply([&](Response&& response) { sent = std::move(response); }));
  ASSERT_TRUE(sent);
  EXPECT_TRUE(processor_.ended().empty());
  EXPECT_EQ(active_in_handler_.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_FALSE(active_in_handler_.sampled());
}

}  // namespace
}  // namespace products::adapters::http
