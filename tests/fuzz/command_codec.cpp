// The Kafka command decoder: a record's topic, key, timestamp, headers and value, all of which a
// producer other than this service (or a hostile one) chooses. The input reads like a small HTTP
// message, so that seeds stay readable:
//   topic \n key (empty: no key) \n timestamp ms (empty or not a number: none) \n
//   name:value \n … (one header a line) \n
//   \n value (the rest, newlines and all)
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/kafka/command_codec.hpp"
#include "fuzz/fuzz_contract.hpp"

namespace {

using products::adapters::kafka::CommandCodec;
using products::adapters::kafka::Record;

// The next line of `input` (without its newline), which is consumed; all of it when none is left.
std::string_view next_line(std::string_view& input) {
  const auto newline = input.find('\n');
  const auto line = input.substr(0, newline);
  input.remove_prefix(newline == std::string_view::npos ? input.size() : newline + 1);
  return line;
}

Record record_of(std::string_view input) {
  Record record;
  record.topic = next_line(input);
  if (const auto key = next_line(input); !key.empty()) record.key = std::string(key);
  const auto timestamp = next_line(input);
  std::int64_t ms = 0;
  if (const auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ms);
      ec == std::errc() && end == timestamp.data() + timestamp.size()) {
    record.timestamp_ms = ms;
  }
  for (auto line = next_line(input); !line.empty(); line = next_line(input)) {
    const auto colon = line.find(':');
    record.headers.push_back({std::string(line.substr(0, colon)),
                              colon == std::string_view::npos ? std::string() : std::string(line.substr(colon + 1))});
  }
  record.value = input;
  return record;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const CommandCodec codec;
  const auto record = record_of(std::string_view(reinterpret_cast<const char*>(data), size));
  products::fuzz::decode_or_reject([&] {
    const auto command = codec.decode(record);
    // encode is the publisher's half of the same wire form: whatever decodes must encode to a record
    // that decodes to the same command (the trace may be a new one when the record's was dropped).
    const auto again = codec.decode(codec.encode(command));
    if (again.type != command.type || again.product != command.product || again.version != command.version) {
      products::fuzz::violated("decode(encode(c)) != c");
    }
  });
  // The consumer reads it on its own for every record, decodable or not (its process span's parent).
  CommandCodec::trace_context(record);
  return 0;
}
