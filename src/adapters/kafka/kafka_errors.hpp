#pragma once

#include <string_view>

#include <librdkafka/rdkafka.h>

#include "domain/error.hpp"

namespace products::adapters::kafka {

// The one mapping from librdkafka's codes to domain::Error: timeouts are DeadlineExceeded,
// requests the broker refuses as malformed are InvalidArgument, and everything else (brokers
// down, leaders moving, queues full) is Unavailable, i.e. worth retrying.
domain::Error kafka_error(rd_kafka_resp_err_t err, std::string_view what);

}  // namespace products::adapters::kafka
