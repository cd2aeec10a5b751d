#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/telemetry/export_observer.hpp"
#include "adapters/telemetry/span_processor.hpp"
#include "adapters/telemetry/span_sink.hpp"

namespace products::adapters::telemetry {

struct BatchOptions {
  std::size_t max_queue = 2048;                  // spans waiting; more are dropped and counted
  std::size_t max_queue_bytes = 8u << 20;        // their encoded bytes, likewise
  std::size_t max_batch = 512;                   // spans per send
  std::chrono::milliseconds interval{1000};      // a partial batch waits at most this long
  std::chrono::milliseconds send_timeout{5000};  // one send's budget
};

// Collects ended spans in a bounded queue and sends them in batches from its own thread, so a
// request never waits on the tracing backend. When the queue is full a span is dropped and
// counted (otel_spans_dropped_total), never queued without bound.
//
// A span is queued already encoded by the sink, on the thread that ends it: the queue is two
// strings, so queueing copies a few hundred bytes and allocates nothing, and the span's own
// memory is freed by the thread that allocated it. (Queued as data, a traced GET cost about a
// microsecond more: its spans' memory freed on the exporter's thread, slow for malloc both there
// and back on the request thread, and read there cold for encoding.)
class BatchExporter : public SpanProcessor {
 public:
  // `observer`, when given, hears of every dropped span and must outlive the exporter.
  BatchExporter(std::unique_ptr<SpanSink> sink, BatchOptions options, ExportObserver* observer = nullptr);
  ~BatchExporter() override;
  BatchExporter(const BatchExporter&) = delete;
  BatchExporter& operator=(const BatchExporter&) = delete;

  void on_end(SpanData&& span) noexcept override;

  // Sends what is queued, then stops the thread; gives up on what is left at `deadline` (those
  // spans count as dropped). A send already under way keeps its own send_timeout, so this
  // returns by the later of the two. Later spans are dropped. Idempotent.
  void shutdown(domain::Deadline deadline);

  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  std::uint64_t exported() const noexcept { return exported_.load(std::memory_order_relaxed); }
  // Spans in batches the backend did not take (unreachable, an error answer).
  std::uint64_t failed() const noexcept { return failed_.load(std::memory_order_relaxed); }

 private:
  // Encoded spans back to back, and where each one ends.
  struct Queue {
    std::string bytes;
    std::vector<std::size_t> ends;
  };

  void run();
  // Moves the oldest spans, at most max_batch, from queue_ to batch_ (which is empty).
  void take_batch();
  void send(domain::Deadline deadline);
  void drop(std::uint64_t spans) noexcept;

  std::unique_ptr<SpanSink> sink_;
  const BatchOptions options_;
  ExportObserver* observer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  // A batch that takes the whole queue, as it does while the exporter keeps up, leaves by a swap,
  // and both keep their capacity; a longer queue gives up its oldest max_batch spans.
  Queue queue_;
  Queue batch_;  // the exporter thread's, outside the lock
  bool stopping_ = false;
  std::chrono::steady_clock::time_point stop_deadline_{};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> exported_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::thread thread_;
};

}  // namespace products::adapters::telemetry
