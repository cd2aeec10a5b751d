#include "app/readiness_prober.hpp"

#include <spdlog/spdlog.h>

namespace products::app {

ReadinessProber::ReadinessProber(std::chrono::milliseconds interval) : interval_(interval) {}

ReadinessProber::~ReadinessProber() { stop(); }

void ReadinessProber::add(std::string name, Probe probe) {
  auto entry = std::make_unique<Entry>();
  entry->name = std::move(name);
  entry->probe = std::move(probe);
  entries_.push_back(std::move(entry));
}

void ReadinessProber::start() { thread_ = std::thread([this] { run(); }); }

void ReadinessProber::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::vector<std::string> ReadinessProber::failing() const {
  std::vector<std::string> names;
  for (const auto& entry : entries_) {
    if (!entry->healthy.load()) names.push_back(entry->name);
  }
  return names;
}

void ReadinessProber::run() {
  while (true) {
    for (auto& entry : entries_) {
      bool healthy = true;
      try {
        entry->probe(domain::Deadline::after(interval_));
      } catch (const std::exception& e) {
        healthy = false;
        if (entry->healthy.load()) spdlog::warn("readiness: {} is failing: {}", entry->name, e.what());
      }
      if (healthy && !entry->healthy.load()) spdlog::info("readiness: {} is available", entry->name);
      entry->healthy.store(healthy);
    }
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace products::app
