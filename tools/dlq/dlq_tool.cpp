#include "dlq/dlq_tool.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <tuple>

#include <fmt/format.h>

#include "adapters/kafka/async_producer.hpp"
#include "dlq/dead_letter_formatter.hpp"
#include "dlq/dlq_arguments.hpp"
#include "domain/error.hpp"

namespace products::tools::dlq {

namespace {

using adapters::kafka::DeadLetter;
using adapters::kafka::PartitionRange;
using adapters::kafka::Record;
using adapters::kafka::TopicReader;

std::string position(const Record& record) { return fmt::format("{}:{}", record.partition, record.offset); }

std::string destination(const Record& original) {
  return fmt::format("{} key={}", original.topic,
                     original.key ? DeadLetterFormatter::printable(*original.key) : std::string("(null)"));
}

}  // namespace

DlqTool::DlqTool(DlqOptions options, std::ostream& out, std::ostream& err)
    : options_(std::move(options)), out_(out), err_(err), deadline_(domain::Deadline::after(options_.timeout)) {}

int DlqTool::run() {
  try {
    TopicReader reader(adapters::kafka::Properties{{"bootstrap.servers", options_.brokers}});
    switch (options_.command) {
      case DlqOptions::Command::List:
        list(reader);
        return 0;
      case DlqOptions::Command::Show:
        show(reader);
        return 0;
      case DlqOptions::Command::Replay:
        return replay(reader) ? 0 : kFailed;
    }
  } catch (const domain::Error& e) {
    err_ << "products-dlq: " << e.what() << '\n';
    return e.kind() == domain::ErrorKind::InvalidArgument ? DlqArguments::kUsageError : kFailed;
  } catch (const std::exception& e) {
    err_ << "products-dlq: " << e.what() << '\n';
  }
  return kFailed;
}

void DlqTool::list(TopicReader& reader) {
  for (const auto& letter : select(reader)) {
    out_ << (options_.json ? DeadLetterFormatter::json(letter) : DeadLetterFormatter::line(letter)) << '\n';
  }
}

void DlqTool::show(TopicReader& reader) {
  const auto range = locate(ranges(reader), options_.address);
  std::optional<Record> found;
  reader.read(options_.dead_letter_topic, range, deadline_, [&](Record record) {
    if (record.offset == range.begin) found = std::move(record);
  });
  if (!found) {
    // Within the range but not there: compaction or a transaction marker took the offset.
    throw domain::Error::not_found(
        fmt::format("no dead letter at {}:{} in {}", range.partition, range.begin, options_.dead_letter_topic));
  }
  out_ << DeadLetterFormatter::details(DeadLetter(std::move(*found)));
}

bool DlqTool::replay(TopicReader& reader) {
  std::vector<DeadLetter> replayable;
  bool complete = true;
  for (auto& letter : select(reader)) {
    if (letter.original()) {
      replayable.push_back(std::move(letter));
    } else {
      err_ << "products-dlq: " << position(letter.record()) << " names no original topic (no "
           << "dlq-topic header): not replayed\n";
      complete = false;
    }
  }
  if (options_.dry_run) {
    for (const auto& letter : replayable) {
      out_ << "would replay " << position(letter.record()) << " -> " << destination(*letter.original()) << '\n';
    }
    out_ << "would replay " << replayable.size() << " dead letter(s)\n";
    return complete;
  }
  return produce(replayable) && complete;
}

bool DlqTool::produce(const std::vector<DeadLetter>& letters) {
  std::mutex mutex;
  std::condition_variable done;
  std::vector<std::exception_ptr> outcomes(letters.size());
  std::size_t completed = 0;
  {
    adapters::kafka::AsyncProducer producer({{"bootstrap.servers", options_.brokers}}, "products-dlq");
    for (std::size_t i = 0; i < letters.size(); ++i) {
      producer.send(*letters[i].original(), deadline_, [&, i](std::exception_ptr failure) {
        std::lock_guard lock(mutex);
        outcomes[i] = failure;
        ++completed;
        done.notify_all();
      });
    }
    // The producer completes every send by the deadline at the latest, so this wait is bounded.
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return completed == letters.size(); });
  }
  std::size_t replayed = 0;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    const auto& record = letters[i].record();
    if (!outcomes[i]) {
      out_ << "replayed " << position(record) << " -> " << destination(*letters[i].original()) << '\n';
      ++replayed;
      continue;
    }
    try {
      std::rethrow_exception(outcomes[i]);
    } catch (const std::exception& e) {
      err_ << "products-dlq: " << position(record) << " not replayed: " << e.what() << '\n';
    }
  }
  out_ << "replayed " << replayed << " of " << letters.size() << " dead letter(s)\n";
  return replayed == letters.size();
}

std::vector<PartitionRange> DlqTool::ranges(TopicReader& reader) {
  try {
    return reader.ranges(options_.dead_letter_topic, deadline_);
  } catch (const domain::Error& e) {
    if (e.kind() == domain::ErrorKind::NotFound) throw;
    throw domain::Error(e.kind(), fmt::format("no answer from the Kafka brokers {} within {} s ({})", options_.brokers,
                                              options_.timeout.count(), e.what()));
  }
}

PartitionRange DlqTool::locate(const std::vector<PartitionRange>& ranges, const DeadLetterAddress& address) const {
  if (!address.partition && ranges.size() != 1) {
    throw domain::Error(domain::ErrorKind::InvalidArgument,
                        fmt::format("{} has {} partitions: give PARTITION:OFFSET instead of {}",
                                    options_.dead_letter_topic, ranges.size(), address.to_string()));
  }
  const auto partition = address.partition.value_or(ranges.front().partition);
  for (const auto& range : ranges) {
    if (range.partition != partition) continue;
    if (!range.contains(address.offset)) break;
    return {partition, address.offset, address.offset + 1};
  }
  throw domain::Error::not_found(
      fmt::format("no dead letter at {}:{} in {}", partition, address.offset, options_.dead_letter_topic));
}

std::vector<DeadLetter> DlqTool::select(TopicReader& reader) {
  auto wanted = ranges(reader);
  if (!options_.offsets.empty()) {
    // Each named offset must exist before anything is done with any of them.
    std::vector<PartitionRange> named;
    for (const auto& address : options_.offsets) named.push_back(locate(wanted, address));
    std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) {
      return std::tie(a.partition, a.begin) < std::tie(b.partition, b.begin);
    });
    named.erase(std::unique(named.begin(), named.end()), named.end());
    wanted = std::move(named);
  }
  std::vector<DeadLetter> selected;
  for (const auto& range : wanted) {
    reader.read(options_.dead_letter_topic, range, deadline_, [&](Record record) {
      DeadLetter letter(std::move(record));
      if (options_.filter.matches(letter)) selected.push_back(std::move(letter));
    });
  }
  return selected;
}

}  // namespace products::tools::dlq
