#pragma once

#include <chrono>
#include <functional>

#include "adapters/http/router.hpp"
#include "adapters/runtime/work_pool.hpp"
#include "domain/deadline.hpp"
#include "usecase/cached_product_reader.hpp"
#include "usecase/product_service.hpp"

namespace products::adapters::http {

// The /api/v1/products calls of SPEC §3. Writes are validated on the I/O thread (cheap) and
// answered 202 from the publisher's acknowledgement callback; a create with an Idempotency-Key
// first records the key in MongoDB, on the WorkPool. A read by id first asks the cache
// without leaving the I/O threads, and a hit is answered with the cached bytes as they are; a miss
// and every other read run on the WorkPool, because the MongoDB driver blocks.
class ProductHandlers {
 public:
  ProductHandlers(usecase::ProductService& service, usecase::CachedProductReader& cached, runtime::WorkPool& pool,
                  std::chrono::milliseconds request_timeout);

  void add_routes(Router& router);

  void create(const Request& request, const PathParams& params, Reply& reply);
  void update(const Request& request, const PathParams& params, Reply& reply);
  void remove(const Request& request, const PathParams& params, Reply& reply);
  void get(const Request& request, const PathParams& params, Reply& reply);
  void search(const Request& request, const PathParams& params, Reply& reply);

 private:
  domain::Deadline new_deadline() const;
  // Runs `work` on a WorkPool thread; `fail` hears what it throws, and Unavailable at once when the
  // pool is full, DeadlineExceeded when the request waited in the queue past its deadline (503s).
  void run_blocking(domain::Deadline deadline, std::function<void()> work,
                    std::function<void(std::exception_ptr)> fail);
  // run_blocking for work that makes the whole response.
  void answer_blocking(Reply& reply, domain::Deadline deadline, std::function<Response()> work);

  usecase::ProductService& service_;
  usecase::CachedProductReader& cached_;
  runtime::WorkPool& pool_;
  std::chrono::milliseconds request_timeout_;
};

}  // namespace products::adapters::http
