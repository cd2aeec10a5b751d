#pragma once

#include <librdkafka/rdkafka.h>

#include "adapters/kafka/record.hpp"

namespace products::adapters::kafka {

// Copies a consumed message (key, value, headers, timestamp, where it was read) out of
// librdkafka's buffers, so that the message can be destroyed at once.
Record to_record(const rd_kafka_message_t& message);

}  // namespace products::adapters::kafka
