#include "adapters/telemetry/batch_exporter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <new>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "support/test_env.hpp"

namespace products::adapters::telemetry {
namespace {

using namespace std::chrono_literals;
using testing::wait_until;

// Records the batches it is given; can be held shut so that spans pile up in the queue.
class FakeSink : public SpanSink {
 public:
  // A span's name and a line end: what send sees is the names, in order.
  // "unencodable" throws, as an encoder out of memory would.
  void encode(const SpanData& span, std::string& out) const override {
    {
      std::lock_guard lock(mutex_);
      encoders_.push_back(std::this_thread::get_id());
    }
    if (span.name == "unencodable") throw std::bad_alloc();
    out += span.name;
    out += '\n';
  }
  bool send(EncodedSpans batch, domain::Deadline deadline) override {
    std::unique_lock lock(mutex_);
    ++entered_;
    opened_.wait_until(lock, deadline.at(), [&] { return open_; });
    if (!open_) return false;
    batches_.push_back(batch.count);
    for (auto rest = batch.bytes; !rest.empty();) {
      const auto end = rest.find('\n');
      span_names_.emplace_back(rest.substr(0, end));
      rest.remove_prefix(end + 1);
    }
    senders_.push_back(std::this_thread::get_id());
    return accept_;
  }
  void set_open(bool open) {
    {
      std::lock_guard lock(mutex_);
      open_ = open;
    }
    opened_.notify_all();
  }
  void set_accept(bool accept) {
    std::lock_guard lock(mutex_);
    accept_ = accept;
  }
  std::vector<std::size_t> batches() const {
    std::lock_guard lock(mutex_);
    return batches_;
  }
  std::vector<std::string> span_names() const {
    std::lock_guard lock(mutex_);
    return span_names_;
  }
  int entered() const {
    std::lock_guard lock(mutex_);
    return entered_;
  }
  std::vector<std::thread::id> senders() const {
    std::lock_guard lock(mutex_);
    return senders_;
  }
  std::vector<std::thread::id> encoders() const {
    std::lock_guard lock(mutex_);
    return encoders_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = true;
  bool accept_ = true;
  int entered_ = 0;
  std::vector<std::size_t> batches_;
  std::vector<std::string> span_names_;
  std::vector<std::thread::id> senders_;
  mutable std::vector<std::thread::id> encoders_;
};

SpanData span(std::string name) {
  SpanData data;
  data.context = SpanContext(SpanContext::random_trace_id(), SpanContext::random_span_id(), true);
  data.name = std::move(name);
  return data;
}

// Hears of drops as the metrics do, from whichever thread drops.
class CountingObserver : public ExportObserver {
 public:
  void dropped(std::uint64_t spans) override { total += spans; }
  std::atomic<std::uint64_t> total{0};
};

struct Fixture {
  explicit Fixture(BatchOptions options) {
    auto owned = std::make_unique<FakeSink>();
    sink = owned.get();
    exporter = std::make_unique<BatchExporter>(std::move(owned), options, &observer);
  }
  CountingObserver observer;
  FakeSink* sink;
  std::unique_ptr<BatchExporter> exporter;
};

TEST(BatchExporter, SendsAFullBatchWithoutWaitingForTheInterval) {
  Fixture f({.max_queue = 100, .max_batch = 4, .interval = 1h});
  for (int i = 0; i < 8; ++i) f.exporter->on_end(span(fmt::format("s{}", i)));
  ASSERT_TRUE(wait_until([&] { return f.exporter->exported() == 8; }, 10s));
  EXPECT_EQ(f.sink->batches(), (std::vector<std::size_t>{4, 4}));
  EXPECT_EQ(f.sink->span_names(), (std::vector<std::string>{"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"}));
  EXPECT_EQ(f.exporter->dropped(), 0u);
}

TEST(BatchExporter, SendsAPartialBatchWhenTheIntervalPasses) {
  Fixture f({.max_queue = 100, .max_batch = 50, .interval = 50ms});
  f.exporter->on_end(span("lonely"));
  f.exporter->on_end(span("pair"));
  ASSERT_TRUE(wait_until([&] { return f.exporter->exported() == 2; }, 10s));
  EXPECT_EQ(f.sink->span_names(), (std::vector<std::string>{"lonely", "pair"}));
}

TEST(BatchExporter, SendsOnItsOwnThread) {
  Fixture f({.max_queue = 100, .max_batch = 1, .interval = 1h});
  f.exporter->on_end(span("s"));
  ASSERT_TRUE(wait_until([&] { return f.exporter->exported() == 1; }, 10s));
  ASSERT_EQ(f.sink->senders().size(), 1u);
  EXPECT_NE(f.sink->senders()[0], std::this_thread::get_id());
}

TEST(BatchExporter, EncodesEachSpanOnTheThreadThatEndsIt) {
  Fixture f({.max_queue = 100, .max_batch = 1, .interval = 1h});
  std::thread::id ender;
  std::thread([&] {
    ender = std::this_thread::get_id();
    f.exporter->on_end(span("s"));
  }).join();
  ASSERT_TRUE(wait_until([&] { return f.exporter->exported() == 1; }, 10s));
  EXPECT_EQ(f.sink->encoders(), (std::vector<std::thread::id>{ender}));
}

TEST(BatchExporter, ALongQueueLeavesInBatchesOfAtMostMaxBatchInOrder) {
  Fixture f({.max_queue = 100, .max_batch = 4, .interval = 1h});
  f.sink->set_open(false);
  std::vector<std::string> names;
  // A full batch wakes the thread, which then waits in the sink while nine more queue up.
  for (int i = 0; i < 13; ++i) {
    names.push_back(fmt::format("s{}", i));
    f.exporter->on_end(span(names.back()));
    if (i == 3) ASSERT_TRUE(wait_until([&] { return f.sink->entered() == 1; }, 10s));
  }
  f.sink->set_open(true);
  // Two full batches go at once; the last span at shutdown's flush.
  f.exporter->shutdown(domain::Deadline::after(10s));
  EXPECT_EQ(f.exporter->exported(), 13u);
  EXPECT_EQ(f.sink->batches(), (std::vector<std::size_t>{4, 4, 4, 1}));
  EXPECT_EQ(f.sink->span_names(), names);
}

TEST(BatchExporter, DropsAndCountsASpanItsSinkCannotEncode) {
  Fixture f({.max_queue = 100, .max_batch = 2, .interval = 1h});
  f.exporter->on_end(span("unencodable"));
  f.exporter->on_end(span("a"));
  f.exporter->on_end(span("b"));
  ASSERT_TRUE(wait_until([&] { return f.exporter->exported() == 2; }, 10s));
  EXPECT_EQ(f.exporter->dropped(), 1u);
  EXPECT_EQ(f.observer.total, 1u);
  EXPECT_EQ(f.sink->span_names(), (std::vector<std::string>{"a", "b"}));
}

TEST(BatchExporter, DropsAndCountsWhenTheQueuedBytesWouldPassTheirBound) {
  // "span" and its line end: five bytes, so four fit in twenty.
  Fixture f({.max_queue = 100, .max_queue_bytes = 20, .max_batch = 1, .interval = 1h, .send_timeout = 1h});
  f.sink->set_open(false);
  f.exporter->on_end(span("in flight"));
  ASSERT_TRUE(wait_until([&] { return f.sink->entered() == 1; }, 10s));
  for (int i = 0; i < 4; ++i) f.exporter->on_end(span("span"));
  EXPECT_EQ(f.exporter->dropped(), 0u);
  f.exporter->on_end(span("span"));
  f.exporter->on_end(span("x"));  // two bytes: still too many
  EXPECT_EQ(f.exporter->dropped(), 2u);
  f.sink->set_open(true);
  ASSERT_TRUE(wait_until([&] { return f.exporter->exported() == 5; }, 10s));
}

TEST(BatchExporter, DropsAndCountsWhenTheQueueIsFull) {
  Fixture f({.max_queue = 5, .max_batch = 1, .interval = 1h, .send_timeout = 1h});
  f.sink->set_open(false);
  // The first span is taken by the thread, which then blocks in the sink; the queue fills.
  f.exporter->on_end(span("in flight"));
  ASSERT_TRUE(wait_until([&] { return f.sink->entered() == 1; }, 10s));
  for (int i = 0; i < 5; ++i) f.exporter->on_end(span("queued"));
  EXPECT_EQ(f.exporter->dropped(), 0u);
  for (int i = 0; i < 10; ++i) f.exporter->on_end(span("overflow"));
  EXPECT_EQ(f.exporter->dropped(), 10u);
  EXPECT_EQ(f.observer.total, 10u);
  f.sink->set_open(true);
  // Everything accepted is sent: one in flight plus a full queue of five.
  ASSERT_TRUE(wait_until([&] { return f.exporter->exported() == 6; }, 10s));
}

TEST(BatchExporter, CountsBatchesTheBackendRefused) {
  Fixture f({.max_queue = 100, .max_batch = 3, .interval = 1h});
  f.sink->set_accept(false);
  for (int i = 0; i < 3; ++i) f.exporter->on_end(span("s"));
  ASSERT_TRUE(wait_until([&] { return f.exporter->failed() == 3; }, 10s));
  EXPECT_EQ(f.exporter->exported(), 0u);
}

TEST(BatchExporter, ShutdownFlushesWhatIsQueued) {
  Fixture f({.max_queue = 100, .max_batch = 4, .interval = 1h});
  for (int i = 0; i < 6; ++i) f.exporter->on_end(span("s"));
  f.exporter->shutdown(domain::Deadline::after(10s));
  EXPECT_EQ(f.exporter->exported(), 6u);
  f.exporter->on_end(span("late"));
  EXPECT_EQ(f.exporter->dropped(), 1u);
  EXPECT_EQ(f.observer.total, 1u);
}

TEST(BatchExporter, ShutdownGivesUpAtItsDeadline) {
  Fixture f({.max_queue = 100, .max_batch = 2, .interval = 1h, .send_timeout = 100ms});
  f.sink->set_open(false);  // a backend that never answers
  for (int i = 0; i < 5; ++i) f.exporter->on_end(span("s"));
  // Returns, although the backend never answers: the sends give up at their deadlines.
  f.exporter->shutdown(domain::Deadline::after(200ms));
  EXPECT_EQ(f.exporter->exported(), 0u);
  EXPECT_EQ(f.exporter->failed() + f.exporter->dropped(), 5u);
  EXPECT_EQ(f.observer.total, f.exporter->dropped());
}

}  // namespace
}  // namespace products::adapters::telemetry
