#pragma once

#include <librdkafka/rdkafka.h>

#include "adapters/kafka/kafka_handles.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::kafka {

// A metadata round trip to the cluster, bounded by the deadline. With `all_topics` false only the
// brokers (and locally known topics) are asked for: the cheapest proof that a broker answers.
// Throws domain::Error (Unavailable / DeadlineExceeded) when none does in time.
MetadataPtr fetch_metadata(rd_kafka_t* client, bool all_topics, domain::Deadline deadline);

}  // namespace products::adapters::kafka
