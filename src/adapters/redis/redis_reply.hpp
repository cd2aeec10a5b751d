#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

struct redisReply;

namespace products::adapters::redis {

// Owns one hiredis reply (freeReplyObject on destruction).
class RedisReply {
 public:
  explicit RedisReply(redisReply* reply) noexcept : reply_(reply) {}

  bool is_nil() const noexcept;
  bool is_error() const noexcept;
  bool is_string() const noexcept;  // a bulk or status string
  bool is_integer() const noexcept;
  // The bytes of a string, status or error reply; empty for other types.
  std::string_view text() const noexcept;
  std::int64_t integer() const noexcept;

 private:
  struct Free {
    void operator()(redisReply* reply) const noexcept;
  };
  std::unique_ptr<redisReply, Free> reply_;
};

}  // namespace products::adapters::redis
