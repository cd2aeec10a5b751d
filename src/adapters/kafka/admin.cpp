#include "adapters/kafka/admin.hpp"

#include <climits>
#include <thread>

#include <fmt/format.h>

#include "adapters/kafka/kafka_errors.hpp"
#include "adapters/kafka/metadata.hpp"

namespace products::adapters::kafka {

namespace {

using domain::Deadline;
using domain::Error;

int timeout_ms(Deadline deadline) {
  return static_cast<int>(std::min<std::int64_t>(deadline.remaining_ms_at_least_one(), INT_MAX));
}

AdminOptionsPtr admin_options(rd_kafka_t* client, rd_kafka_admin_op_t op, Deadline deadline) {
  AdminOptionsPtr options(rd_kafka_AdminOptions_new(client, op));
  char errstr[512];
  // The operation timeout makes the controller answer only once the change took effect.
  if (rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms(deadline), errstr, sizeof errstr) ||
      rd_kafka_AdminOptions_set_operation_timeout(options.get(), timeout_ms(deadline), errstr, sizeof errstr)) {
    throw Error::internal(fmt::format("kafka admin options: {}", errstr));
  }
  return options;
}

EventPtr await_result(rd_kafka_queue_t* queue, Deadline deadline, const char* what) {
  EventPtr event(rd_kafka_queue_poll(queue, timeout_ms(deadline)));
  if (!event) throw Error::deadline_exceeded(fmt::format("kafka {}: no answer in time", what));
  if (const auto err = rd_kafka_event_error(event.get())) {
    throw kafka_error(err, fmt::format("kafka {}: {}", what, rd_kafka_event_error_string(event.get())));
  }
  return event;
}

// Collects the per-topic failures that are not `tolerated`, naming each topic.
void check_topic_results(const rd_kafka_topic_result_t* const* results, std::size_t count, rd_kafka_resp_err_t tolerated,
                         const char* what) {
  std::string failures;
  auto first = RD_KAFKA_RESP_ERR_NO_ERROR;
  for (std::size_t i = 0; i < count; ++i) {
    const auto err = rd_kafka_topic_result_error(results[i]);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR || err == tolerated) continue;
    if (!first) first = err;
    const char* message = rd_kafka_topic_result_error_string(results[i]);
    failures += fmt::format("{}{}: {}", failures.empty() ? "" : "; ", rd_kafka_topic_result_name(results[i]),
                            message ? message : rd_kafka_err2str(err));
  }
  if (first) throw kafka_error(first, fmt::format("kafka could not {} {}", what, failures));
}

}  // namespace

Admin::Admin(const Properties& properties) {
  KafkaConfig config(properties);
  client_ = std::move(config).create(RD_KAFKA_PRODUCER);
}

void Admin::create_topics(const std::vector<TopicSpec>& topics, Deadline deadline) {
  std::vector<NewTopicPtr> owned;
  std::vector<rd_kafka_NewTopic_t*> raw;
  std::vector<std::string> names;
  char errstr[512];
  for (const auto& spec : topics) {
    NewTopicPtr topic(rd_kafka_NewTopic_new(spec.name.c_str(), spec.partitions, spec.replication_factor, errstr,
                                            sizeof errstr));
    if (!topic) throw Error::invalid_field(spec.name, errstr);
    for (const auto& [key, value] : spec.configs) {
      if (const auto err = rd_kafka_NewTopic_set_config(topic.get(), key.c_str(), value.c_str())) {
        throw kafka_error(err, fmt::format("kafka topic {} setting {}", spec.name, key));
      }
    }
    raw.push_back(topic.get());
    owned.push_back(std::move(topic));
    names.push_back(spec.name);
  }
  const auto options = admin_options(client_.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS, deadline);
  QueuePtr queue(rd_kafka_queue_new(client_.get()));
  rd_kafka_CreateTopics(client_.get(), raw.data(), raw.size(), options.get(), queue.get());
  const auto event = await_result(queue.get(), deadline, "create topics");
  std::size_t count = 0;
  const auto* results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
  check_topic_results(results, count, RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS, "create topics");
  wait_for_leaders(names, deadline);
}

void Admin::delete_topics(const std::vector<std::string>& names, Deadline deadline) {
  std::vector<DeleteTopicPtr> owned;
  std::vector<rd_kafka_DeleteTopic_t*> raw;
  for (const auto& name : names) {
    owned.emplace_back(rd_kafka_DeleteTopic_new(name.c_str()));
    raw.push_back(owned.back().get());
  }
  const auto options = admin_options(client_.get(), RD_KAFKA_ADMIN_OP_DELETETOPICS, deadline);
  QueuePtr queue(rd_kafka_queue_new(client_.get()));
  rd_kafka_DeleteTopics(client_.get(), raw.data(), raw.size(), options.get(), queue.get());
  const auto event = await_result(queue.get(), deadline, "delete topics");
  std::size_t count = 0;
  const auto* results =
      rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event.get()), &count);
  check_topic_results(results, count, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, "delete topics");
}

void Admin::wait_for_leaders(const std::vector<std::string>& names, Deadline deadline) {
  // A created topic reaches the brokers' metadata caches a little later than the controller's answer.
  constexpr auto kRetry = std::chrono::milliseconds(100);
  std::string missing;
  while (true) {
    missing.clear();
    const auto metadata = fetch_metadata(client_.get(), true, deadline);
    for (const auto& name : names) {
      bool ready = false;
      for (int t = 0; t < metadata->topic_cnt; ++t) {
        const auto& topic = metadata->topics[t];
        if (name != topic.topic) continue;
        ready = topic.err == RD_KAFKA_RESP_ERR_NO_ERROR && topic.partition_cnt > 0;
        for (int p = 0; ready && p < topic.partition_cnt; ++p) ready = topic.partitions[p].leader >= 0;
      }
      if (!ready) missing += (missing.empty() ? "" : ", ") + name;
    }
    if (missing.empty()) return;
    if (Deadline::Clock::now() + kRetry >= deadline.at()) break;
    std::this_thread::sleep_for(kRetry);
  }
  throw Error::deadline_exceeded(fmt::format("kafka topics without a leader in time: {}", missing));
}

}  // namespace products::adapters::kafka
