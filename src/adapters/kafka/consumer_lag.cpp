#include "adapters/kafka/consumer_lag.hpp"

#include <boost/json/parse.hpp>
#include <spdlog/spdlog.h>

namespace products::adapters::kafka {

std::vector<PartitionLag> consumer_lag(std::string_view statistics) {
  std::vector<PartitionLag> lags;
  boost::system::error_code error;
  const auto document = boost::json::parse(statistics, error);
  const auto* root = error ? nullptr : document.if_object();
  const auto* topics = root && root->if_contains("topics") ? root->at("topics").if_object() : nullptr;
  if (!topics) {
    spdlog::debug("kafka statistics without topics, no lag read");
    return lags;
  }
  for (const auto& [topic, value] : *topics) {
    const auto* partitions = value.is_object() && value.as_object().if_contains("partitions")
                                 ? value.as_object().at("partitions").if_object()
                                 : nullptr;
    if (!partitions) continue;
    for (const auto& [name, stats] : *partitions) {
      const auto* p = stats.if_object();
      if (!p) continue;
      const auto* partition = p->if_contains("partition");
      const auto* lag = p->if_contains("consumer_lag");
      if (!partition || !lag || !partition->is_int64() || !lag->is_int64()) continue;
      if (partition->as_int64() < 0 || lag->as_int64() < 0) continue;
      lags.push_back({{std::string(topic), static_cast<std::int32_t>(partition->as_int64())}, lag->as_int64()});
    }
  }
  return lags;
}

}  // namespace products::adapters::kafka
