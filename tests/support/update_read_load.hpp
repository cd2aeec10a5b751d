#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/create_load.hpp"

namespace products::testing {

// Reads and updates of a few stored products from `threads` client threads, beside a CreateLoad:
// each round GETs a product, then PUTs it back with a new price and its own name, so that an audit
// of the catalog by name still holds. A few products only, so that updates of one product queue
// behind each other in the consumer. Runs until halt(); the destructor halts and joins.
class UpdateReadLoad {
 public:
  struct Product {
    std::string id, name;
  };

  UpdateReadLoad(std::vector<Product> products, int threads, CreateLoad::Target target);
  ~UpdateReadLoad();
  UpdateReadLoad(const UpdateReadLoad&) = delete;
  UpdateReadLoad& operator=(const UpdateReadLoad&) = delete;

  // Requests started from now on do not count as "across the mark".
  void mark() { marked_ = true; }
  void halt() { halted_ = true; }
  bool join(std::chrono::milliseconds timeout = std::chrono::seconds(120));

  // "GET 200", "PUT 202", "PUT 0" (no answer at all), ... -> how many.
  std::map<std::string, std::size_t> answers() const;
  // Answers with a 5xx status.
  std::size_t server_errors() const;
  // Requests under way when mark() was called that got an HTTP answer afterwards.
  std::size_t answered_across_mark() const;
  std::string summary() const;

 private:
  void send_loop(int thread);
  void record(const std::string& method, int status, bool started_before_mark);

  const std::vector<Product> products_;
  const CreateLoad::Target target_;
  mutable std::mutex mutex_;
  std::map<std::string, std::size_t> answers_;
  std::size_t server_errors_ = 0;
  std::size_t answered_across_mark_ = 0;
  std::atomic<int> running_{0};
  std::atomic<bool> marked_{false};
  std::atomic<bool> halted_{false};
  std::vector<std::thread> threads_;
};

}  // namespace products::testing
