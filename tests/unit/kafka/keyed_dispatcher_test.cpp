#include "adapters/kafka/keyed_dispatcher.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/test_env.hpp"

namespace products::adapters::kafka {
namespace {

using namespace std::chrono_literals;
using products::testing::wait_until;

// Tasks that are functions, each run and released in turn: one key's tasks must still run in order.
using FunctionDispatcher = KeyedDispatcher<std::function<void()>>;
void run_each(FunctionDispatcher::Batch& batch) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i]();
    batch.release(i);
  }
}

struct Item {
  std::string key;
  int index = 0;
};
using ItemDispatcher = KeyedDispatcher<Item>;

TEST(KeyedDispatcherTest, TasksOfOneKeyRunOneAtATimeInSubmissionOrder) {
  std::mutex mutex;
  std::map<std::string, std::vector<int>> seen;
  std::map<std::string, int> running;
  std::atomic<bool> overlapped{false};
  {
    ItemDispatcher dispatcher(4, 3, "test", [&](ItemDispatcher::Batch& batch) {
      {
        std::lock_guard lock(mutex);
        for (std::size_t i = 0; i < batch.size(); ++i) {
          if (running[batch[i].key]++ > 0) overlapped = true;
        }
      }
      std::this_thread::yield();
      std::lock_guard lock(mutex);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        --running[batch[i].key];
        seen[batch[i].key].push_back(batch[i].index);
      }
    });
    for (int i = 0; i < 500; ++i) {
      const auto key = "key-" + std::to_string(i % 5);
      dispatcher.submit(key, {key, i});
    }
    dispatcher.stop();
  }
  EXPECT_FALSE(overlapped);
  ASSERT_EQ(seen.size(), 5u);
  for (const auto& [key, order] : seen) {
    ASSERT_EQ(order.size(), 100u) << key;
    for (std::size_t i = 1; i < order.size(); ++i) EXPECT_LT(order[i - 1], order[i]) << key;
  }
}

TEST(KeyedDispatcherTest, ABatchHoldsTheNextTaskOfUpToBatchMaxKeysEachKeyOnce) {
  std::atomic<bool> open{false};
  std::mutex mutex;
  std::vector<std::vector<std::string>> batches;
  ItemDispatcher dispatcher(1, 4, "test", [&](ItemDispatcher::Batch& batch) {
    if (batch[0].key == "blocker") wait_until([&] { return open.load(); }, 10s);
    std::lock_guard lock(mutex);
    auto& keys = batches.emplace_back();
    for (std::size_t i = 0; i < batch.size(); ++i) keys.push_back(batch[i].key + "#" + std::to_string(batch[i].index));
  });
  // The only thread is held, so that everything below is queued before the first batch forms.
  dispatcher.submit("blocker", {"blocker", 0});
  ASSERT_TRUE(wait_until([&] { return dispatcher.queued() == 0; }, 5s));
  for (int round = 0; round < 3; ++round) {
    for (const auto* key : {"a", "b", "c", "d", "e", "f"}) dispatcher.submit(key, {key, round});
  }
  EXPECT_EQ(dispatcher.queued(), 18u);
  open = true;
  dispatcher.stop();

  // Keys take turns: each batch the next four runnable keys, a key again only once its task ran.
  const std::vector<std::vector<std::string>> expected{
      {"blocker#0"},          {"a#0", "b#0", "c#0", "d#0"}, {"e#0", "f#0", "a#1", "b#1"},
      {"c#1", "d#1", "e#1", "f#1"}, {"a#2", "b#2", "c#2", "d#2"}, {"e#2", "f#2"}};
  EXPECT_EQ(batches, expected);
}

TEST(KeyedDispatcherTest, IdleThreadsShareTheRunnableKeysSoKeysRunInParallel) {
  std::mutex mutex;
  std::condition_variable both;
  int started = 0;
  std::atomic<int> finished{0};
  // Each batch waits for the other: this only finishes if "a" and "b" run at the same time, in
  // two batches, although one batch could hold both.
  ItemDispatcher dispatcher(2, 256, "test", [&](ItemDispatcher::Batch& batch) {
    std::unique_lock lock(mutex);
    started += static_cast<int>(batch.size());
    both.notify_all();
    if (both.wait_for(lock, 5s, [&] { return started == 2; })) finished += static_cast<int>(batch.size());
  });
  dispatcher.submit("a", {"a", 0});
  dispatcher.submit("b", {"b", 0});
  EXPECT_TRUE(wait_until([&] { return finished == 2; }, 10s));
}

TEST(KeyedDispatcherTest, AReleasedKeyRunsItsNextTaskWhileItsBatchStillRuns) {
  std::atomic<bool> first_released{false};
  std::atomic<bool> second_ran{false};
  std::atomic<bool> overtaken{false};
  ItemDispatcher dispatcher(2, 256, "test", [&](ItemDispatcher::Batch& batch) {
    if (batch[0].index == 1) {
      second_ran = true;
      return;
    }
    batch.release(0);
    first_released = true;
    // The rest of this batch goes on for a while (a retry of another key, in the consumer).
    overtaken = wait_until([&] { return second_ran.load(); }, 10s);
  });
  dispatcher.submit("a", {"a", 0});
  ASSERT_TRUE(wait_until([&] { return first_released.load(); }, 5s));
  dispatcher.submit("a", {"a", 1});
  dispatcher.stop();
  EXPECT_TRUE(overtaken);
}

TEST(KeyedDispatcherTest, ABlockedBatchDoesNotHoldUpOtherKeys) {
  FunctionDispatcher dispatcher(2, 1, "test", run_each);
  std::atomic<bool> open{false};
  std::atomic<int> others{0};
  dispatcher.submit("slow", [&] { wait_until([&] { return open.load(); }, 10s); });
  dispatcher.submit("slow", [&] { ++others; });
  for (int i = 0; i < 20; ++i) dispatcher.submit("fast-" + std::to_string(i), [&] { ++others; });
  EXPECT_TRUE(wait_until([&] { return others == 20; }, 5s));
  EXPECT_EQ(dispatcher.queued(), 1u);  // the second "slow" task waits for the first
  open = true;
  EXPECT_TRUE(wait_until([&] { return others == 21; }, 5s));
}

TEST(KeyedDispatcherTest, StopRunsEverythingQueued) {
  std::atomic<int> ran{0};
  FunctionDispatcher dispatcher(1, 16, "test", run_each);
  for (int i = 0; i < 100; ++i) dispatcher.submit(std::to_string(i % 3), [&] { ++ran; });
  dispatcher.stop();
  EXPECT_EQ(ran, 100);
  EXPECT_EQ(dispatcher.queued(), 0u);
}

TEST(KeyedDispatcherTest, ARunnerThatThrowsReleasesItsBatchAndTheKeysGoOn) {
  std::atomic<int> ran{0};
  // Batches of one: a throwing runner gives up the rest of its batch, which would be timing.
  FunctionDispatcher dispatcher(1, 1, "test", run_each);
  dispatcher.submit("k", [] { throw std::runtime_error("boom"); });
  dispatcher.submit("k", [&] { ++ran; });
  dispatcher.submit("j", [&] { ++ran; });
  dispatcher.stop();
  EXPECT_EQ(ran, 2);
}

}  // namespace
}  // namespace products::adapters::kafka
