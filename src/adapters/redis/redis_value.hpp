#pragma once

#include <cstdint>
#include <string>

struct redisReply;

namespace products::adapters::redis {

// What an asynchronous command answered, copied out of hiredis's reply (which hiredis frees as
// soon as the callback returns), or why no answer came.
struct RedisValue {
  enum class Type {
    Nil,
    String,   // a bulk or status string
    Integer,
    Array,    // elements are not copied: no caller needs them
    Error,    // Redis answered with an error
    Failed,   // no answer: not connected, timed out, too many commands in flight
  };

  static RedisValue from(const redisReply& reply);
  static RedisValue failed(std::string why);

  bool is_string() const noexcept { return type == Type::String; }
  bool is_failure() const noexcept { return type == Type::Error || type == Type::Failed; }

  Type type = Type::Nil;
  std::string text;  // String, Error, Failed
  std::int64_t integer = 0;
};

}  // namespace products::adapters::redis
