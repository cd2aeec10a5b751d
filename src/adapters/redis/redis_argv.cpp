#include "adapters/redis/redis_argv.hpp"

namespace products::adapters::redis {

RedisArgv::RedisArgv(std::span<const std::string_view> args) {
  pointers_.reserve(args.size());
  lengths_.reserve(args.size());
  for (const auto arg : args) {
    pointers_.push_back(arg.data());
    lengths_.push_back(arg.size());
  }
}

}  // namespace products::adapters::redis
