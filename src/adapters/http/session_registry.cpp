#include "adapters/http/session_registry.hpp"

namespace products::adapters::http {

SessionRegistry::SessionRegistry(std::size_t max_sessions) : max_sessions_(max_sessions) {}

bool SessionRegistry::add(std::shared_ptr<Session> session) {
  std::lock_guard lock(mutex_);
  if (stopping_.load() || sessions_.size() >= max_sessions_) return false;
  const auto* key = session.get();
  sessions_.emplace(key, std::move(session));
  return true;
}

void SessionRegistry::remove(const Session* session) {
  std::shared_ptr<Session> released;  // destroyed outside the lock
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(session);
  if (it == sessions_.end()) return;
  released = std::move(it->second);
  sessions_.erase(it);
  if (sessions_.empty()) emptied_.notify_all();
}

std::size_t SessionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void SessionRegistry::deliver(const std::weak_ptr<Session>& session, std::uint64_t sequence, Response&& response) {
  std::shared_lock lock(gate_);
  if (!open_) return;
  if (auto live = session.lock()) live->deliver(sequence, std::move(response));
}

void SessionRegistry::begin_stopping() noexcept { stopping_.store(true); }

bool SessionRegistry::stopping() const noexcept { return stopping_.load(); }

std::vector<std::shared_ptr<Session>> SessionRegistry::sessions() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Session>> out;
  out.reserve(sessions_.size());
  for (const auto& [key, session] : sessions_) out.push_back(session);
  return out;
}

bool SessionRegistry::wait_empty_until(std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return emptied_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
}

std::vector<std::shared_ptr<Session>> SessionRegistry::close() {
  {
    std::unique_lock gate(gate_);
    open_ = false;
  }
  auto left = sessions();
  std::lock_guard lock(mutex_);
  sessions_.clear();
  return left;
}

}  // namespace products::adapters::http
