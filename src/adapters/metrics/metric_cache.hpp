#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <prometheus/family.h>
#include <prometheus/labels.h>

namespace products::adapters::metrics {

// The series of a family by label values, found without building a label map: prometheus-cpp's
// Family::Add constructs a whole metric (a histogram's buckets too) on every call, even when
// the series exists, which is too much for every request. Values come in the order of `names`.
template <typename T>
class MetricCache {
 public:
  // Adds the series for a label set the first time it is seen (e.g. with a histogram's buckets).
  using Add = std::function<T&(prometheus::Family<T>&, const prometheus::Labels&)>;

  MetricCache(prometheus::Family<T>& family, std::vector<std::string> names,
              Add add = [](prometheus::Family<T>& family, const prometheus::Labels& labels) -> T& {
                return family.Add(labels);
              })
      : family_(family), names_(std::move(names)), add_(std::move(add)) {}

  T& at(std::initializer_list<std::string_view> values) {
    thread_local std::string key;
    key.clear();
    for (const auto value : values) {
      key.append(value);
      key.push_back('\0');
    }
    {
      std::shared_lock lock(mutex_);
      if (const auto it = series_.find(std::string_view(key)); it != series_.end()) return *it->second;
    }
    prometheus::Labels labels;
    auto name = names_.begin();
    for (const auto value : values) labels.emplace(*name++, std::string(value));
    std::unique_lock lock(mutex_);
    auto& metric = add_(family_, labels);
    series_.emplace(key, &metric);
    return metric;
  }

  // Drops the series from the family too, so that it leaves the scrape.
  void remove(std::initializer_list<std::string_view> values) {
    std::string key;
    for (const auto value : values) {
      key.append(value);
      key.push_back('\0');
    }
    std::unique_lock lock(mutex_);
    const auto it = series_.find(std::string_view(key));
    if (it == series_.end()) return;
    family_.Remove(it->second);
    series_.erase(it);
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept { return std::hash<std::string_view>{}(key); }
  };

  prometheus::Family<T>& family_;
  const std::vector<std::string> names_;
  const Add add_;
  std::shared_mutex mutex_;
  std::unordered_map<std::string, T*, Hash, std::equal_to<>> series_;
};

}  // namespace products::adapters::metrics
