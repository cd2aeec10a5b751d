// What the consumer's worker pool costs per record, beyond the handler itself.
#include <atomic>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "adapters/kafka/keyed_dispatcher.hpp"

namespace {

using products::adapters::kafka::KeyedDispatcher;

// Submits range(1) tasks spread over range(0) keys to 4 workers taking batches of up to
// range(2), and waits for all of them.
void BM_KeyedDispatcherThroughput(benchmark::State& state) {
  const auto keys = static_cast<std::size_t>(state.range(0));
  const auto tasks = state.range(1);
  const auto batch_max = static_cast<std::size_t>(state.range(2));
  std::vector<std::string> names;
  for (std::size_t i = 0; i < keys; ++i) names.push_back("topic/0/key-" + std::to_string(i));
  for (auto _ : state) {
    std::atomic<std::int64_t> ran{0};
    KeyedDispatcher<std::int64_t> dispatcher(4, batch_max, "bench", [&ran](auto& batch) {
      ran.fetch_add(static_cast<std::int64_t>(batch.size()), std::memory_order_relaxed);
    });
    for (std::int64_t i = 0; i < tasks; ++i) dispatcher.submit(names[static_cast<std::size_t>(i) % keys], i);
    dispatcher.stop();
    benchmark::DoNotOptimize(ran.load());
  }
  state.SetItemsProcessed(state.iterations() * tasks);
}
BENCHMARK(BM_KeyedDispatcherThroughput)
    ->Args({1, 10000, 1})
    ->Args({64, 10000, 1})
    ->Args({64, 10000, 256})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
