#include "adapters/kafka/metadata.hpp"

#include <climits>

#include "adapters/kafka/kafka_errors.hpp"

namespace products::adapters::kafka {

MetadataPtr fetch_metadata(rd_kafka_t* client, bool all_topics, domain::Deadline deadline) {
  const rd_kafka_metadata_t* raw = nullptr;
  const auto timeout = static_cast<int>(std::min<std::int64_t>(deadline.remaining_ms_at_least_one(), INT_MAX));
  const auto err = rd_kafka_metadata(client, all_topics ? 1 : 0, nullptr, &raw, timeout);
  MetadataPtr metadata(raw);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw kafka_error(err, "kafka metadata request");
  return metadata;
}

}  // namespace products::adapters::kafka
