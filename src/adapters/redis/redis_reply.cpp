#include "adapters/redis/redis_reply.hpp"

#include <hiredis/hiredis.h>

namespace products::adapters::redis {

void RedisReply::Free::operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }

bool RedisReply::is_nil() const noexcept { return reply_->type == REDIS_REPLY_NIL; }
bool RedisReply::is_error() const noexcept { return reply_->type == REDIS_REPLY_ERROR; }
bool RedisReply::is_integer() const noexcept { return reply_->type == REDIS_REPLY_INTEGER; }

bool RedisReply::is_string() const noexcept {
  return reply_->type == REDIS_REPLY_STRING || reply_->type == REDIS_REPLY_STATUS;
}

std::string_view RedisReply::text() const noexcept {
  if (!is_string() && !is_error()) return {};
  return {reply_->str, reply_->len};
}

std::int64_t RedisReply::integer() const noexcept { return is_integer() ? reply_->integer : 0; }

}  // namespace products::adapters::redis
