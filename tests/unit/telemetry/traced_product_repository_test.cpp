#include "adapters/telemetry/traced_product_repository.hpp"

#include <gtest/gtest.h>

#include "adapters/telemetry/w3c_trace_context.hpp"
#include "domain/error.hpp"
#include "support/fakes/fake_product_repository.hpp"
#include "support/fakes/flaky_write_repository.hpp"
#include "support/fakes/recording_span_processor.hpp"
#include "support/fakes/sample_product.hpp"

namespace products::adapters::telemetry {
namespace {

using namespace std::chrono_literals;
using products::testing::attribute_of;

constexpr const char* kFirst = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
constexpr const char* kSecond = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

class TracedProductRepositoryTest : public ::testing::Test {
 protected:
  domain::Deadline deadline() const { return domain::Deadline::after(1s); }
  SpanContext parent() const { return *W3cTraceContext::parse(kFirst); }

  products::testing::RecordingSpanProcessor processor_;
  Tracer tracer_{Sampler(1.0), &processor_};
  products::testing::FakeProductRepository store_;
  products::testing::FlakyWriteRepository flaky_{store_};
  TracedProductRepository repository_{flaky_, tracer_, {"mongodb", "products", "items", "db.local", 27017}};
};

TEST_F(TracedProductRepositoryTest, AReadForTheActiveSpanIsItsClientChildWithTheDatabaseAttributes) {
  const auto product = products::testing::sample_product(domain::ObjectId::generate().hex());
  store_.seed(product);
  {
    const ActiveContext::Scope scope(parent());
    EXPECT_EQ(repository_.find_by_id(product.id, deadline()), product);
  }
  const auto ended = processor_.ended();
  ASSERT_EQ(ended.size(), 1u);
  const auto& span = ended[0];
  EXPECT_EQ(span.name, "find items");
  EXPECT_EQ(span.kind, SpanKind::Client);
  EXPECT_EQ(span.context.trace_id(), parent().trace_id());
  EXPECT_EQ(span.parent_span_id, parent().span_id());
  EXPECT_EQ(attribute_of(span, "db.system"), AttributeValue(std::string("mongodb")));
  EXPECT_EQ(attribute_of(span, "db.namespace"), AttributeValue(std::string("products")));
  EXPECT_EQ(attribute_of(span, "db.collection.name"), AttributeValue(std::string("items")));
  EXPECT_EQ(attribute_of(span, "db.operation.name"), AttributeValue(std::string("find")));
  EXPECT_EQ(attribute_of(span, "server.address"), AttributeValue(std::string("db.local")));
  EXPECT_EQ(attribute_of(span, "server.port"), AttributeValue(std::int64_t{27017}));
  EXPECT_EQ(span.status, SpanStatus::Unset);
}

TEST_F(TracedProductRepositoryTest, ACallWithoutAnActiveSpanMakesNoTraceOfItsOwn) {
  EXPECT_FALSE(repository_.find_by_id(domain::ObjectId::generate(), deadline()));
  repository_.search({}, deadline());
  EXPECT_TRUE(processor_.ended().empty());
  EXPECT_EQ(store_.count("find_by_id"), 1u) << "the call still goes through";
}

TEST_F(TracedProductRepositoryTest, AFailureMarksTheSpanAndReachesTheCaller) {
  store_.fail_with = domain::Error::unavailable("mongo down");
  const ActiveContext::Scope scope(parent());
  EXPECT_THROW(repository_.search({}, deadline()), domain::Error);
  const auto ended = processor_.ended();
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].status, SpanStatus::Error);
  EXPECT_NE(ended[0].status_message.find("mongo down"), std::string::npos) << ended[0].status_message;
}

TEST_F(TracedProductRepositoryTest, EachWriteOfABatchJoinsTheTraceItNamesAndFailsAlone) {
  const auto a = products::testing::sample_product(domain::ObjectId::generate().hex());
  const auto b = products::testing::sample_product(domain::ObjectId::generate().hex());
  flaky_.fail(b.id, domain::Error::unavailable("write conflict"), 1);
  const std::vector<usecase::VersionedWrite> writes = {
      {domain::CommandType::Create, a, 10, {kFirst, ""}},
      {domain::CommandType::Create, b, 11, {kSecond, ""}},
  };
  const auto outcomes = repository_.write_batch(writes, deadline());
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_FALSE(outcomes[0].error);
  EXPECT_TRUE(outcomes[1].error);

  const auto ended = processor_.ended();
  ASSERT_EQ(ended.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto named = *W3cTraceContext::parse(writes[i].trace.traceparent);
    EXPECT_EQ(ended[i].name, "bulkWrite items");
    EXPECT_EQ(ended[i].context.trace_id(), named.trace_id());
    EXPECT_EQ(ended[i].parent_span_id, named.span_id());
    EXPECT_EQ(attribute_of(ended[i], "db.operation.batch.size"), AttributeValue(std::int64_t{2}));
  }
  EXPECT_EQ(ended[0].status, SpanStatus::Unset);
  EXPECT_EQ(ended[1].status, SpanStatus::Error);
}

TEST_F(TracedProductRepositoryTest, ABatchWriteWithoutATraceFollowsTheActiveSpanOrNone) {
  const std::vector<usecase::VersionedWrite> writes = {
      {domain::CommandType::Delete, products::testing::sample_product(domain::ObjectId::generate().hex()), 10, {}}};
  repository_.write_batch(writes, deadline());
  EXPECT_TRUE(processor_.ended().empty());
  const ActiveContext::Scope scope(parent());
  repository_.write_batch(writes, deadline());
  const auto ended = processor_.ended();
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].parent_span_id, parent().span_id());
}

}  // namespace
}  // namespace products::adapters::telemetry
