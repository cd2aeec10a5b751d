#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include "adapters/metrics/histogram_cache.hpp"
#include "adapters/metrics/metric_cache.hpp"

namespace products::adapters::metrics {
namespace {

TEST(MetricCache, OneSeriesPerLabelValuesInTheOrderOfTheNames) {
  prometheus::Registry registry;
  auto& family = prometheus::BuildCounter().Name("things_total").Register(registry);
  MetricCache<prometheus::Counter> cache(family, {"kind", "result"});
  auto& a = cache.at({"x", "ok"});
  EXPECT_EQ(&cache.at({"x", "ok"}), &a);
  // Values are not concatenated ambiguously: "x" + "ok" is not "xo" + "k".
  EXPECT_NE(&cache.at({"xo", "k"}), &a);
  EXPECT_EQ(&family.Add({{"kind", "x"}, {"result", "ok"}}), &a);
}

TEST(MetricCache, ARemovedSeriesLeavesTheFamily) {
  prometheus::Registry registry;
  auto& family = prometheus::BuildCounter().Name("things_total").Register(registry);
  MetricCache<prometheus::Counter> cache(family, {"kind"});
  cache.at({"x"}).Increment();
  cache.remove({"x"});
  cache.remove({"never added"});
  // A family without series is left out of the scrape altogether.
  EXPECT_TRUE(registry.Collect().empty());
  EXPECT_EQ(cache.at({"x"}).Value(), 0);
}

TEST(MetricCache, ThreadsShareTheSeries) {
  prometheus::Registry registry;
  auto& family = prometheus::BuildHistogram().Name("took_seconds").Register(registry);
  HistogramCache cache(family, {"route"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) cache.at({i % 2 ? "/a" : "/b"}).Observe(0.001);
    });
  }
  for (auto& thread : threads) thread.join();
  const auto families = registry.Collect();
  ASSERT_EQ(families.front().metric.size(), 2u);
  for (const auto& metric : families.front().metric) {
    EXPECT_EQ(metric.histogram.sample_count, 2000u);
    EXPECT_EQ(metric.histogram.bucket.size(), latency_buckets().size() + 1);
  }
}

}  // namespace
}  // namespace products::adapters::metrics
