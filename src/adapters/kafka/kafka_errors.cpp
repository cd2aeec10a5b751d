#include "adapters/kafka/kafka_errors.hpp"

#include <fmt/format.h>

namespace products::adapters::kafka {

domain::Error kafka_error(rd_kafka_resp_err_t err, std::string_view what) {
  auto message = fmt::format("{}: {}", what, rd_kafka_err2str(err));
  switch (err) {
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
      return domain::Error::deadline_exceeded(std::move(message));
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR_INVALID_PARTITIONS:
    case RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR:
    case RD_KAFKA_RESP_ERR_INVALID_CONFIG:
    case RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION:
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
      return domain::Error(domain::ErrorKind::InvalidArgument, std::move(message));
    default:
      return domain::Error::unavailable(std::move(message));
  }
}

}  // namespace products::adapters::kafka
