// The OffsetTracker sits on the consumer's hot path: every record is tracked on the poll thread
// and marked done by a worker, under the partition's lock.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "adapters/kafka/offset_tracker.hpp"

namespace {

using products::adapters::kafka::OffsetTracker;

// Records finish in the order they were fetched (one key per partition).
void BM_OffsetTrackerInOrder(benchmark::State& state) {
  OffsetTracker tracker;
  std::int64_t offset = 0;
  for (auto _ : state) {
    tracker.track(offset);
    tracker.done(offset);
    benchmark::DoNotOptimize(tracker.committable());
    ++offset;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OffsetTrackerInOrder);

// A steady window of `range(0)` records in flight, finishing in random order (many keys, many
// workers): each iteration fetches one record and finishes a random one of those in flight.
void BM_OffsetTrackerRandomWindow(benchmark::State& state) {
  const auto window = static_cast<std::size_t>(state.range(0));
  OffsetTracker tracker;
  std::vector<std::int64_t> in_flight;
  std::int64_t next = 0;
  for (; next < static_cast<std::int64_t>(window); ++next) {
    tracker.track(next);
    in_flight.push_back(next);
  }
  std::mt19937_64 random(7);
  for (auto _ : state) {
    const auto pick = random() % in_flight.size();
    tracker.done(in_flight[pick]);
    tracker.track(next);
    in_flight[pick] = next++;
    benchmark::DoNotOptimize(tracker.committable());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OffsetTrackerRandomWindow)->Arg(16)->Arg(256)->Arg(4096);

// The worst case for the window: a batch finishes in reverse, so nothing is committable until
// the oldest record is done, and then the whole batch leaves at once.
void BM_OffsetTrackerReverseBatch(benchmark::State& state) {
  const auto batch = state.range(0);
  OffsetTracker tracker;
  std::int64_t base = 0;
  for (auto _ : state) {
    for (std::int64_t i = 0; i < batch; ++i) tracker.track(base + i);
    for (std::int64_t i = batch - 1; i >= 0; --i) tracker.done(base + i);
    benchmark::DoNotOptimize(tracker.committable());
    base += batch;
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_OffsetTrackerReverseBatch)->Arg(256)->Arg(4096);

// The commit step asks for the position every interval.
void BM_OffsetTrackerCommittable(benchmark::State& state) {
  OffsetTracker tracker;
  for (std::int64_t i = 0; i < 256; ++i) tracker.track(i);
  for (std::int64_t i = 1; i < 256; i += 2) tracker.done(i);
  for (auto _ : state) benchmark::DoNotOptimize(tracker.committable());
}
BENCHMARK(BM_OffsetTrackerCommittable);

}  // namespace
