#include "dlq/dlq_arguments.hpp"

#include <string>

#include <CLI/CLI.hpp>

#include "adapters/kafka/command_topics.hpp"

namespace products::tools::dlq {

namespace {

constexpr const char* kFooter = R"(
The dead-letter topic holds the commands the service gave up on (undecodable, invalid, or failing
permanently after their attempts): the original key, value and headers, plus the headers
dlq-topic, dlq-partition, dlq-offset (where the original was), dlq-error and dlq-attempts.

list and show only read: the partitions are assigned by hand, no consumer group is joined and no
offset is committed, and reading stops at the end the topic had when the run started.

replay produces each selected dead letter's original record again, to its original topic: its
key, value and headers without the dlq-* ones (acks=all, idempotent producer), and waits until
every one was acknowledged. Replaying is safe, also twice: the service applies commands
idempotently, as versioned writes. A command whose version (its issue time) is not newer than the
stored product changes nothing, and a deleted product stays deleted, so a replay never undoes a
later change. Nothing is ever removed from the dead-letter topic: it is a log, kept by retention.

Times are ISO 8601 (2025-01-31, 2025-01-31T12:00:00Z, 2025-01-31T13:00:00+01:00) or epoch
milliseconds, of when the record was dead-lettered; --since is inclusive, --until exclusive.

Exit codes: 0 done; 1 Kafka did not answer in time, a named dead letter is not there, or a
replay was not acknowledged; 2 the command line is wrong.)";

// A CLI11 check that passes what `accepts` accepts and otherwise says what was expected.
template <typename Accepts>
CLI::Validator validator(Accepts accepts, std::string expected, std::string name) {
  return CLI::Validator(
      [accepts, expected](std::string& text) -> std::string {
        return accepts(text) ? std::string() : "expected " + expected + ", got '" + text + "'";
      },
      std::move(name));
}

CLI::Validator time_validator() {
  return validator([](const std::string& text) { return DeadLetterFilter::parse_time(text).has_value(); },
                   "an ISO 8601 time (e.g. 2025-01-31T12:00:00Z) or epoch milliseconds", "TIME");
}

CLI::Validator address_validator() {
  return validator([](const std::string& text) { return DeadLetterAddress::parse(text).has_value(); },
                   "PARTITION:OFFSET or OFFSET (non-negative numbers)", "P:O");
}

void add_text_filter(CLI::App& command, const std::string& name, std::optional<std::string>& target,
                     const std::string& description) {
  command.add_option_function<std::string>(name, [&target](const std::string& value) { target = value; },
                                           description);
}

void add_filters(CLI::App& command, DeadLetterFilter& filter) {
  add_text_filter(command, "--key", filter.key, "only this record key");
  add_text_filter(command, "--topic", filter.original_topic, "only dead letters from this original topic");
  add_text_filter(command, "--error", filter.error, "only dead letters whose error contains this text");
  command
      .add_option_function<std::string>(
          "--since", [&filter](const std::string& value) { filter.since_ms = DeadLetterFilter::parse_time(value); },
          "only dead letters written at or after this time")
      ->check(time_validator());
  command
      .add_option_function<std::string>(
          "--until", [&filter](const std::string& value) { filter.until_ms = DeadLetterFilter::parse_time(value); },
          "only dead letters written before this time")
      ->check(time_validator());
}

}  // namespace

std::variant<DlqOptions, int> DlqArguments::parse(int argc, const char* const* argv, std::ostream& out,
                                                  std::ostream& err) {
  DlqOptions options;
  options.brokers = "127.0.0.1:9092";
  options.dead_letter_topic = adapters::kafka::CommandTopics::kDefaultDeadLetter;
  int timeout_seconds = static_cast<int>(options.timeout.count());

  CLI::App app{"List, show and replay the dead letters of products-service", "products-dlq"};
  app.footer(kFooter);
  app.require_subcommand(1);
  // The general options may also follow the subcommand.
  app.fallthrough();
  app.add_option("--brokers", options.brokers, "bootstrap servers")
      ->envname("KAFKA_BROKERS")
      ->capture_default_str();
  app.add_option("--dlq-topic", options.dead_letter_topic, "the dead-letter topic")
      ->envname("KAFKA_DEAD_LETTER_TOPIC")
      ->capture_default_str();
  app.add_option("--timeout", timeout_seconds, "seconds the whole run may take, Kafka's answers included")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  auto* list = app.add_subcommand("list", "one line per dead letter: where it lies, time, key, origin, attempts, error");
  add_filters(*list, options.filter);
  list->add_flag("--json", options.json, "one JSON object per line");

  auto* show = app.add_subcommand("show", "everything about one dead letter: headers and value");
  show->add_option_function<std::string>(
          "address", [&options](const std::string& value) { options.address = *DeadLetterAddress::parse(value); },
          "PARTITION:OFFSET in the dead-letter topic (OFFSET alone when it has one partition)")
      ->required()
      ->check(address_validator());

  auto* replay = app.add_subcommand("replay", "produce the selected dead letters' original records again");
  add_filters(*replay, options.filter);
  replay
      ->add_option_function<std::vector<std::string>>(
          "--offset",
          [&options](const std::vector<std::string>& values) {
            for (const auto& value : values) options.offsets.push_back(*DeadLetterAddress::parse(value));
          },
          "only the dead letter at PARTITION:OFFSET (repeatable, or comma-separated)")
      ->delimiter(',')
      ->check(address_validator());
  replay->add_flag("--dry-run", options.dry_run, "print what would be replayed, produce nothing");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 would only say that a subcommand is required.
    if (const auto extras = app.remaining(); !extras.empty() && app.get_subcommands().empty()) {
      err << "unknown subcommand '" << extras.front() << "' (expected list, show or replay)\n"
          << "Run with --help for more information.\n";
      return kUsageError;
    }
    return app.exit(e, out, err) == 0 ? 0 : kUsageError;
  }
  options.timeout = std::chrono::seconds(timeout_seconds);
  if (show->parsed()) {
    options.command = DlqOptions::Command::Show;
  } else if (replay->parsed()) {
    options.command = DlqOptions::Command::Replay;
  }
  return options;
}

}  // namespace products::tools::dlq
