#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "adapters/http/session.hpp"

namespace products::adapters::http {

// The open connections of one server: it owns them, caps their number, and lets stop() wait for
// them. Replies reach their session through it, so that an answer arriving after the server is
// gone (a late Kafka acknowledgement) is dropped instead of touching a destroyed io_context.
class SessionRegistry {
 public:
  explicit SessionRegistry(std::size_t max_sessions);

  // False when the cap is reached or the server is stopping; the caller then drops the connection.
  bool add(std::shared_ptr<Session> session);
  void remove(const Session* session);
  std::size_t size() const;

  void deliver(const std::weak_ptr<Session>& session, std::uint64_t sequence, Response&& response);

  void begin_stopping() noexcept;
  bool stopping() const noexcept;
  std::vector<std::shared_ptr<Session>> sessions() const;
  // Whether the last session went away before `deadline`.
  bool wait_empty_until(std::chrono::steady_clock::time_point deadline) const;
  // From now on deliveries are dropped. Returns the sessions still registered, for the caller to
  // release while their io_context still exists.
  std::vector<std::shared_ptr<Session>> close();

 private:
  const std::size_t max_sessions_;
  mutable std::mutex mutex_;
  mutable std::condition_variable emptied_;
  std::unordered_map<const Session*, std::shared_ptr<Session>> sessions_;
  std::atomic<bool> stopping_{false};
  std::shared_mutex gate_;
  bool open_ = true;
};

}  // namespace products::adapters::http
