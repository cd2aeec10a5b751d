#include "adapters/telemetry/traced_cached_product_reader.hpp"

#include <thread>

#include <gtest/gtest.h>

#include "support/fakes/recording_span_processor.hpp"

namespace products::adapters::telemetry {
namespace {

using namespace std::chrono_literals;
using products::testing::attribute_of;

// Answers from its own thread, as the Redis reader answers from its I/O thread.
class ThreadedReader : public usecase::CachedProductReader {
 public:
  ~ThreadedReader() override {
    if (answering_.joinable()) answering_.join();
  }
  void lookup(const domain::ObjectId&, domain::Deadline, Callback done) override {
    ++lookups;
    answering_ = std::thread([this, done = std::move(done)] { done(answer); });
  }
  void join() { answering_.join(); }

  usecase::CacheLookup answer = usecase::CacheLookup::miss();
  int lookups = 0;

 private:
  std::thread answering_;
};

class TracedCachedProductReaderTest : public ::testing::Test {
 protected:
  products::testing::RecordingSpanProcessor processor_;
  Tracer tracer_{Sampler(1.0), &processor_};
  ThreadedReader inner_;
  TracedCachedProductReader reader_{inner_, tracer_, {"redis", "0", "", "127.0.0.1", 6379}};
  const SpanContext parent_{SpanContext::random_trace_id(), SpanContext::random_span_id(), true};
};

TEST_F(TracedCachedProductReaderTest, TheGetSpanEndsWithTheAnswerAndTheCallbackRunsInTheCallersSpan) {
  inner_.answer = usecase::CacheLookup::hit(R"({"productId":"x"})");
  SpanContext seen_in_callback;
  std::optional<std::string> got;
  {
    const ActiveContext::Scope scope(parent_);
    reader_.lookup(domain::ObjectId::generate(), domain::Deadline::after(1s), [&](usecase::CacheLookup found) {
      seen_in_callback = ActiveContext::current();
      got = std::move(found.encoded);
    });
  }
  inner_.join();
  EXPECT_EQ(got, inner_.answer.encoded);
  EXPECT_EQ(seen_in_callback.span_id(), parent_.span_id()) << "the slow path must stay in the trace";

  const auto ended = processor_.ended();
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].name, "GET");
  EXPECT_EQ(ended[0].kind, SpanKind::Client);
  EXPECT_EQ(ended[0].parent_span_id, parent_.span_id());
  EXPECT_EQ(attribute_of(ended[0], "cache.hit"), AttributeValue(true));
}

TEST_F(TracedCachedProductReaderTest, AMissIsRecordedAsSuchAndPassedOn) {
  const ActiveContext::Scope scope(parent_);
  bool absent = false;
  reader_.lookup(domain::ObjectId::generate(), domain::Deadline::after(1s),
                 [&](usecase::CacheLookup found) { absent = found.absent; });
  inner_.join();
  EXPECT_TRUE(absent);
  const auto ended = processor_.ended();
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(attribute_of(ended[0], "cache.hit"), AttributeValue(false));
}

TEST_F(TracedCachedProductReaderTest, WithoutAnActiveSpanTheLookupIsUntraced) {
  bool answered = false;
  reader_.lookup(domain::ObjectId::generate(), domain::Deadline::after(1s), [&](usecase::CacheLookup) {
    answered = true;
  });
  inner_.join();
  EXPECT_TRUE(answered);
  EXPECT_EQ(inner_.lookups, 1);
  EXPECT_TRUE(processor_.ended().empty());
}

}  // namespace
}  // namespace products::adapters::telemetry
