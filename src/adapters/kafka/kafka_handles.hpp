#pragma once

#include <memory>

#include <librdkafka/rdkafka.h>

namespace products::adapters::kafka {

// One deleter for every librdkafka handle type, so each handle is a unique_ptr and no code path
// can leak or double-free one.
struct KafkaDeleter {
  void operator()(rd_kafka_conf_t* p) const noexcept { rd_kafka_conf_destroy(p); }
  void operator()(rd_kafka_t* p) const noexcept { rd_kafka_destroy(p); }
  void operator()(rd_kafka_topic_partition_list_t* p) const noexcept { rd_kafka_topic_partition_list_destroy(p); }
  void operator()(rd_kafka_headers_t* p) const noexcept { rd_kafka_headers_destroy(p); }
  void operator()(rd_kafka_message_t* p) const noexcept { rd_kafka_message_destroy(p); }
  void operator()(rd_kafka_queue_t* p) const noexcept { rd_kafka_queue_destroy(p); }
  void operator()(rd_kafka_event_t* p) const noexcept { rd_kafka_event_destroy(p); }
  void operator()(rd_kafka_AdminOptions_t* p) const noexcept { rd_kafka_AdminOptions_destroy(p); }
  void operator()(rd_kafka_NewTopic_t* p) const noexcept { rd_kafka_NewTopic_destroy(p); }
  void operator()(rd_kafka_DeleteTopic_t* p) const noexcept { rd_kafka_DeleteTopic_destroy(p); }
  void operator()(rd_kafka_error_t* p) const noexcept { rd_kafka_error_destroy(p); }
  void operator()(const rd_kafka_metadata_t* p) const noexcept { rd_kafka_metadata_destroy(p); }
};

using ConfPtr = std::unique_ptr<rd_kafka_conf_t, KafkaDeleter>;
using KafkaPtr = std::unique_ptr<rd_kafka_t, KafkaDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, KafkaDeleter>;
using HeadersPtr = std::unique_ptr<rd_kafka_headers_t, KafkaDeleter>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, KafkaDeleter>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, KafkaDeleter>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, KafkaDeleter>;
using AdminOptionsPtr = std::unique_ptr<rd_kafka_AdminOptions_t, KafkaDeleter>;
using NewTopicPtr = std::unique_ptr<rd_kafka_NewTopic_t, KafkaDeleter>;
using DeleteTopicPtr = std::unique_ptr<rd_kafka_DeleteTopic_t, KafkaDeleter>;
using KafkaErrorPtr = std::unique_ptr<rd_kafka_error_t, KafkaDeleter>;
using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, KafkaDeleter>;

}  // namespace products::adapters::kafka
