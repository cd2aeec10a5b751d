#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>

#include "usecase/operation_observer.hpp"

namespace products::adapters::mongo {

struct MongoConfig {
  // Credentials and TLS travel in the URI. The timeouts and sizes below override the URI's own.
  std::string uri = "mongodb://127.0.0.1:27017";
  std::string database = "products";
  std::string collection = "products";
  // Where the first create of each Idempotency-Key is kept (see MongoIdempotencyStore).
  std::string idempotency_collection = "idempotency_keys";
  std::string app_name = "products-service";

  // A number of nodes, "majority", or the name of a custom write concern (a tag set).
  std::variant<std::int32_t, std::string> write_concern_w = std::string("majority");
  std::chrono::milliseconds write_concern_timeout{5000};

  // libmongoc 1.23 cannot bound a single call by a deadline on the client side: maxTimeMS bounds
  // the server's work, these bound waiting for a server, a socket and a free pooled client.
  std::chrono::milliseconds server_selection_timeout{5000};
  std::chrono::milliseconds socket_timeout{10000};
  std::chrono::milliseconds pool_wait_timeout{2000};
  std::int32_t pool_max_size = 16;

  // Hears of every operation (MongoOperation), when given; must outlive the pool.
  usecase::OperationObserver* observer = nullptr;
};

}  // namespace products::adapters::mongo
