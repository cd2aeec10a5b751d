#include "adapters/redis/redis_value.hpp"

#include <hiredis/hiredis.h>

namespace products::adapters::redis {

RedisValue RedisValue::from(const redisReply& reply) {
  RedisValue value;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      value.type = Type::String;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ERROR:
      value.type = Type::Error;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_INTEGER:
      value.type = Type::Integer;
      value.integer = reply.integer;
      break;
    case REDIS_REPLY_ARRAY:
      value.type = Type::Array;
      value.integer = static_cast<std::int64_t>(reply.elements);
      break;
    default:
      value.type = Type::Nil;
  }
  return value;
}

RedisValue RedisValue::failed(std::string why) {
  RedisValue value;
  value.type = Type::Failed;
  value.text = std::move(why);
  return value;
}

}  // namespace products::adapters::redis
