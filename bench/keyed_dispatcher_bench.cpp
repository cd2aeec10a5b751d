// What the consumer's worker pool costs per record, beyond the handler itself.
#include <atomic>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "adapters/kafka/keyed_dispatcher.hpp"

namespace {

using products::adapters::kafka::KeyedDispatcher;

// Submits range(1) empty tasks spread over range(0) keys to 4 workers, and waits for all of them.
void BM_KeyedDispatcherThroughput(benchmark::State& state) {
  const auto keys = static_cast<std::size_t>(state.range(0));
  const auto tasks = state.range(1);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < keys; ++i) names.push_back("topic/0/key-" + std::to_string(i));
  for (auto _ : state) {
    std::atomic<std::int64_t> ran{0};
    KeyedDispatcher dispatcher(4, "bench");
    for (std::int64_t i = 0; i < tasks; ++i) {
      dispatcher.submit(names[static_cast<std::size_t>(i) % keys],
                        [&ran] { ran.fetch_add(1, std::memory_order_relaxed); });
    }
    dispatcher.stop();
    benchmark::DoNotOptimize(ran.load());
  }
  state.SetItemsProcessed(state.iterations() * tasks);
}
BENCHMARK(BM_KeyedDispatcherThroughput)
    ->Args({1, 10000})
    ->Args({64, 10000})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
