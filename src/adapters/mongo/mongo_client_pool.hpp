#pragma once

#include "adapters/mongo/mongo_config.hpp"
#include "adapters/mongo/mongo_handles.hpp"
#include "adapters/mongo/pooled_client.hpp"

namespace products::adapters::mongo {

// The thread-safe pool of connections to one deployment, set up from MongoConfig (app name,
// timeouts, pool size, write concern, error API version 2). Needs a live MongoDriver. Creating it
// does no I/O: an unreachable server shows up on the first operation.
class MongoClientPool {
 public:
  // Throws domain::Error(InvalidArgument) for a malformed URI or write concern.
  explicit MongoClientPool(MongoConfig config);

  PooledClient checkout() { return PooledClient(pool_.get()); }
  // A client if one is free now, without waiting: for work that can also wait its turn.
  PooledClient try_checkout() { return PooledClient(pool_.get(), std::try_to_lock); }
  const MongoConfig& config() const noexcept { return config_; }

 private:
  MongoConfig config_;
  ClientPoolHandle pool_;
};

}  // namespace products::adapters::mongo
