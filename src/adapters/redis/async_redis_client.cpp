#include "adapters/redis/async_redis_client.hpp"

#include <algorithm>
#include <chrono>

namespace products::adapters::redis {

AsyncRedisClient::AsyncRedisClient(boost::asio::any_io_executor executor, RedisConfig config)
    : config_(std::move(config)) {
  connections_.resize(std::max<std::size_t>(config_.async_connections, 1));
  for (auto& connection : connections_) {
    connection = std::make_shared<AsyncRedisConnection>(executor, config_, config_.max_in_flight);
    connection->start();
  }
}

AsyncRedisClient::~AsyncRedisClient() {
  for (const auto& connection : connections_) connection->close();
}

void AsyncRedisClient::command(std::vector<std::string> args, domain::Deadline deadline,
                               AsyncRedisConnection::Callback done) {
  const auto turn = next_.fetch_add(1, std::memory_order_relaxed) % connections_.size();
  if (auto* observer = config_.observer) {
    done = [observer, operation = RedisConfig::operation_name(args.front()), started = std::chrono::steady_clock::now(),
            done = std::move(done)](RedisValue value) {
      observer->completed(operation, !value.is_failure(), std::chrono::steady_clock::now() - started);
      done(std::move(value));
    };
  }
  connections_[turn]->command(std::move(args), deadline, std::move(done));
}

}  // namespace products::adapters::redis
