#include "adapters/telemetry/batch_exporter.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace products::adapters::telemetry {

namespace {

constexpr auto kDefaultShutdownBudget = std::chrono::milliseconds(5000);

}  // namespace

BatchExporter::BatchExporter(std::unique_ptr<SpanSink> sink, BatchOptions options, ExportObserver* observer)
    : sink_(std::move(sink)), options_(options), observer_(observer) {
  queue_.reserve(options_.max_queue);
  batch_.reserve(options_.max_queue);
  thread_ = std::thread([this] { run(); });
}

BatchExporter::~BatchExporter() { shutdown(domain::Deadline::after(kDefaultShutdownBudget)); }

void BatchExporter::on_end(SpanData&& span) noexcept {
  bool wake = false;
  {
    std::unique_lock lock(mutex_);
    if (stopping_ || queue_.size() >= options_.max_queue) {
      lock.unlock();
      drop(1);
      return;
    }
    queue_.push_back(std::move(span));
    wake = queue_.size() == options_.max_batch;
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
    wake_.wait_until(lock, next_send, [&] { return stopping_ || queue_.size() >= options_.max_batch; });
    const bool full = queue_.size() >= options_.max_batch;
    const bool due = std::chrono::steady_clock::now() >= next_send;
    if (!stopping_ && !full && !due) continue;
    if (queue_.empty() && stopping_) return;
    if (queue_.size() <= options_.max_batch) {
      batch_.swap(queue_);
    } else {
      const auto take = queue_.begin() + static_cast<std::ptrdiff_t>(options_.max_batch);
      std::move(queue_.begin(), take, std::back_inserter(batch_));
      queue_.erase(queue_.begin(), take);
    }
    const bool stopping = stopping_;
    const auto stop_at = stop_deadline_;
    lock.unlock();
    if (!batch_.empty()) {
      auto send_deadline = domain::Deadline::after(options_.send_timeout);
      if (stopping) send_deadline = domain::Deadline(std::min(send_deadline.at(), stop_at));
      send(send_deadline);
      // The spans' strings are freed here, outside the lock; the capacity stays for the next batch.
      batch_.clear();
    }
    lock.lock();
    if (stopping_ && std::chrono::steady_clock::now() >= stop_deadline_) {
      // Out of time: what is left is lost, and says so in the count.
      const auto left = queue_.size();
      queue_.clear();
      lock.unlock();
      drop(left);
      return;
    }
    if (due) next_send = std::chrono::steady_clock::now() + options_.interval;
  }
}

void BatchExporter::drop(std::uint64_t spans) noexcept {
  if (spans == 0) return;
  dropped_.fetch_add(spans, std::memory_order_relaxed);
  if (observer_) observer_->dropped(spans);
}

void BatchExporter::send(domain::Deadline deadline) {
  bool ok = false;
  try {
    ok = sink_->send(batch_, deadline);
  } catch (...) {
    // A sink that throws loses its batch, never the exporter's thread.
  }
  (ok ? exported_ : failed_).fetch_add(batch_.size(), std::memory_order_relaxed);
}

}  // namespace products::adapters::telemetry
