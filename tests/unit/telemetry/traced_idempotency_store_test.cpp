#include "adapters/telemetry/traced_idempotency_store.hpp"

#include <gtest/gtest.h>

#include "adapters/telemetry/w3c_trace_context.hpp"
#include "domain/error.hpp"
#include "support/fakes/fake_idempotency_store.hpp"
#include "support/fakes/recording_span_processor.hpp"
#include "support/fakes/sample_product.hpp"

namespace products::adapters::telemetry {
namespace {

using namespace std::chrono_literals;
using products::testing::attribute_of;

constexpr const char* kParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

class TracedIdempotencyStoreTest : public ::testing::Test {
 protected:
  usecase::KeyedCreate candidate() const { return {"order-1", products::testing::sample_product(), 42}; }

  products::testing::RecordingSpanProcessor processor_;
  Tracer tracer_{Sampler(1.0), &processor_};
  products::testing::FakeIdempotencyStore inner_;
  TracedIdempotencyStore store_{inner_, tracer_, {"mongodb", "products", "idempotency_keys", "db.local", 27017}};
};

TEST_F(TracedIdempotencyStoreTest, AClaimForTheActiveSpanIsItsClientChild) {
  const auto parent = *W3cTraceContext::parse(kParent);
  {
    const ActiveContext::Scope scope(parent);
    EXPECT_EQ(store_.claim(candidate(), domain::Deadline::after(1s)), candidate());
  }
  const auto ended = processor_.ended();
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].name, "findAndModify idempotency_keys");
  EXPECT_EQ(ended[0].kind, SpanKind::Client);
  EXPECT_EQ(ended[0].parent_span_id, parent.span_id());
  EXPECT_EQ(attribute_of(ended[0], "db.collection.name"), AttributeValue(std::string("idempotency_keys")));
}

TEST_F(TracedIdempotencyStoreTest, AFailureMarksTheSpanAndReachesTheCaller) {
  inner_.fail_with = std::make_exception_ptr(domain::Error::unavailable("mongo down"));
  const ActiveContext::Scope scope(*W3cTraceContext::parse(kParent));
  EXPECT_THROW(store_.claim(candidate(), domain::Deadline::after(1s)), domain::Error);
  const auto ended = processor_.ended();
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].status, SpanStatus::Error);
}

}  // namespace
}  // namespace products::adapters::telemetry
