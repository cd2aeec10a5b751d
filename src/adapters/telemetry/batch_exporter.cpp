#include "adapters/telemetry/batch_exporter.hpp"

#include <algorithm>
#include <utility>

namespace products::adapters::telemetry {

namespace {

constexpr auto kDefaultShutdownBudget = std::chrono::milliseconds(5000);

}  // namespace

BatchExporter::BatchExporter(std::unique_ptr<SpanSink> sink, BatchOptions options, ExportObserver* observer)
    : sink_(std::move(sink)), options_(options), observer_(observer) {
  // Reserved in full, so that queueing never allocates under the lock; pages not yet written
  // cost no memory.
  for (auto* queue : {&queue_, &batch_}) {
    queue->bytes.reserve(options_.max_queue_bytes);
    queue->ends.reserve(options_.max_queue);
  }
  thread_ = std::thread([this] { run(); });
}

BatchExporter::~BatchExporter() { shutdown(domain::Deadline::after(kDefaultShutdownBudget)); }

void BatchExporter::on_end(SpanData&& span) noexcept {
  // This thread's, reused span after span: encoding allocates nothing once it has grown.
  thread_local std::string encoded;
  encoded.clear();
  try {
    sink_->encode(span, encoded);
  } catch (...) {
    drop(1);  // out of memory: the span is lost, the request goes on
    return;
  }
  bool wake = false;
  {
    std::unique_lock lock(mutex_);
    if (stopping_ || queue_.ends.size() >= options_.max_queue ||
        queue_.bytes.size() + encoded.size() > options_.max_queue_bytes) {
      lock.unlock();
      drop(1);
      return;
    }
    queue_.bytes.append(encoded);
    queue_.ends.push_back(queue_.bytes.size());
    wake = queue_.ends.size() == options_.max_batch;
  }
  // Only a full batch wakes the thread early; otherwise the interval collects more.
  if (wake) wake_.notify_one();
}

void BatchExporter::shutdown(domain::Deadline deadline) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    stop_deadline_ = deadline.at();
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void BatchExporter::run() {
  std::unique_lock lock(mutex_);
  auto next_send = std::chrono::steady_clock::now() + options_.interval;
  while (true) {
    wake_.wait_until(lock, next_send, [&] { return stopping_ || queue_.ends.size() >= options_.max_batch; });
    const bool full = queue_.ends.size() >= options_.max_batch;
    const bool due = std::chrono::steady_clock::now() >= next_send;
    if (!stopping_ && !full && !due) continue;
    if (queue_.ends.empty() && stopping_) return;
    take_batch();
    const bool stopping = stopping_;
    const auto stop_at = stop_deadline_;
    lock.unlock();
    if (!batch_.ends.empty()) {
      auto send_deadline = domain::Deadline::after(options_.send_timeout);
      if (stopping) send_deadline = domain::Deadline(std::min(send_deadline.at(), stop_at));
      send(send_deadline);
      batch_.bytes.clear();
      batch_.ends.clear();
    }
    lock.lock();
    if (stopping_ && std::chrono::steady_clock::now() >= stop_deadline_) {
      // Out of time: what is left is lost, and says so in the count.
      const auto left = queue_.ends.size();
      queue_.bytes.clear();
      queue_.ends.clear();
      lock.unlock();
      drop(left);
      return;
    }
    if (due) next_send = std::chrono::steady_clock::now() + options_.interval;
  }
}

void BatchExporter::take_batch() {
  if (queue_.ends.size() <= options_.max_batch) {
    std::swap(batch_, queue_);
    return;
  }
  const auto count = static_cast<std::ptrdiff_t>(options_.max_batch);
  const auto bytes = queue_.ends[options_.max_batch - 1];
  batch_.bytes.assign(queue_.bytes, 0, bytes);
  batch_.ends.assign(queue_.ends.begin(), queue_.ends.begin() + count);
  queue_.bytes.erase(0, bytes);
  queue_.ends.erase(queue_.ends.begin(), queue_.ends.begin() + count);
  for (auto& end : queue_.ends) end -= bytes;
}

void BatchExporter::drop(std::uint64_t spans) noexcept {
  if (spans == 0) return;
  dropped_.fetch_add(spans, std::memory_order_relaxed);
  if (observer_) observer_->dropped(spans);
}

void BatchExporter::send(domain::Deadline deadline) {
  bool ok = false;
  try {
    ok = sink_->send({batch_.bytes, batch_.ends.size()}, deadline);
  } catch (...) {
    // A sink that throws loses its batch, never the exporter's thread.
  }
  (ok ? exported_ : failed_).fetch_add(batch_.ends.size(), std::memory_order_relaxed);
}

}  // namespace products::adapters::telemetry
