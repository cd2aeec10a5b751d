#pragma once

#include <ostream>
#include <vector>

#include "adapters/kafka/dead_letter.hpp"
#include "adapters/kafka/topic_reader.hpp"
#include "dlq/dlq_options.hpp"
#include "domain/deadline.hpp"

namespace products::tools::dlq {

// Runs one products-dlq command against the cluster: results go to `out`, problems to `err`.
class DlqTool {
 public:
  static constexpr int kFailed = 1;

  DlqTool(DlqOptions options, std::ostream& out, std::ostream& err);

  // The exit code: 0; kFailed when Kafka did not answer in time, a named dead letter is not there,
  // or a replayed record was not acknowledged; DlqArguments::kUsageError for an offset without
  // its partition in a topic of several.
  int run();

 private:
  void list(adapters::kafka::TopicReader& reader);
  void show(adapters::kafka::TopicReader& reader);
  bool replay(adapters::kafka::TopicReader& reader);

  std::vector<adapters::kafka::PartitionRange> ranges(adapters::kafka::TopicReader& reader);
  // The range [offset, offset + 1) of the record at `address`; throws NotFound when it is outside the topic.
  adapters::kafka::PartitionRange locate(const std::vector<adapters::kafka::PartitionRange>& ranges,
                                         const DeadLetterAddress& address) const;
  // The dead letters the filter (and the --offset list, if any) selects, in partition and offset order.
  std::vector<adapters::kafka::DeadLetter> select(adapters::kafka::TopicReader& reader);
  // Sends every record and waits for every acknowledgement; whether all were acknowledged.
  bool produce(const std::vector<adapters::kafka::DeadLetter>& letters);

  DlqOptions options_;
  std::ostream& out_;
  std::ostream& err_;
  domain::Deadline deadline_;
};

}  // namespace products::tools::dlq
