#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "adapters/kafka/kafka_handles.hpp"
#include "domain/deadline.hpp"
#include "service_liveness.hpp"

namespace products::bench {

// How fast the service's consumer group applied a run of commands, read from the group's
// committed offsets: the consumer commits an offset only once that record and every earlier one
// of its partition is applied, so "committed up to the end" means "all applied". Polling offsets
// costs the store nothing, unlike looking the products up in it.
struct ApplyTiming {
  std::int64_t records = 0;
  // From the first command sent to the commit that covered the last one. Includes the consumer's
  // commit cadence (every second, or every 1,000 records, whichever comes first), which dwarfs a
  // short run of fast applies.
  double seconds = 0;
  // Records per second between the first and the last commit seen: the pace once the consumer
  // runs, without the first fetch and the wait for the last commit.
  double steady_rate = 0;
  int commits = 0;  // commits seen while waiting

  double end_to_end_rate() const { return seconds > 0 ? static_cast<double>(records) / seconds : 0; }
  // The steady pace where at least two intervals between commits measured it, else end to end.
  double rate() const { return commits >= 3 ? steady_rate : end_to_end_rate(); }
};

class ApplyWatcher {
 public:
  ApplyWatcher(const std::string& brokers, const std::string& group, const ServiceLiveness& service);

  // Sum over the topic's partitions of the group's committed offsets (0 where none) and of the
  // end offsets.
  std::int64_t committed(const std::string& topic);
  std::int64_t end(const std::string& topic);

  // Waits until the group's committed offsets on `topic` reach `end_total`, having started from
  // `committed_before`, the commands having been sent from `started`. Fails with a message saying
  // how far it got when nothing is committed for `stall_timeout`, when `deadline` passes, or when
  // the service exits.
  // Deletes the consumer group (once the service has left it); a group that does not exist is fine.
  void delete_group();

  ApplyTiming wait(const std::string& topic, std::int64_t committed_before, std::int64_t end_total,
                   std::chrono::steady_clock::time_point started, std::chrono::milliseconds stall_timeout,
                   domain::Deadline deadline);

 private:
  int partitions(const std::string& topic);

  std::string group_;
  adapters::kafka::KafkaPtr client_;
  const ServiceLiveness& service_;
  std::map<std::string, int> partitions_;
};

}  // namespace products::bench
