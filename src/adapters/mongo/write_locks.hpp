#pragma once

#include <condition_variable>
#include <mutex>
#include <set>
#include <span>

#include "domain/deadline.hpp"
#include "domain/object_id.hpp"

namespace products::adapters::mongo {

// Serialises this process's writes to one product. FerretDB 1.x evaluates a write's filter on a
// read and then updates the document by _id in a separate step, so two concurrent conditional
// writes to one document can both pass their condition and the older may land last; MongoDB
// itself applies single-document writes atomically.
//
// A caller locks all the products it is about to write at once, or waits until it can: nobody
// ever holds some of the products and waits for others, so callers cannot deadlock however their
// sets overlap, and products that are not written together never wait for each other.
class WriteLocks {
 public:
  // The products one caller holds; released when it is destroyed.
  class Held {
   public:
    ~Held();
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;

   private:
    friend class WriteLocks;
    Held(WriteLocks& locks, std::span<const domain::ObjectId> ids);

    WriteLocks& locks_;
    std::span<const domain::ObjectId> ids_;
  };

  // Throws domain::Error(DeadlineExceeded) when a product stays locked past the deadline. The ids
  // must stay alive while they are held.
  [[nodiscard]] Held lock(std::span<const domain::ObjectId> ids, domain::Deadline deadline);
  [[nodiscard]] Held lock(const domain::ObjectId& id, domain::Deadline deadline) { return lock({&id, 1}, deadline); }

 private:
  bool any_held(std::span<const domain::ObjectId> ids) const;
  void release(std::span<const domain::ObjectId> ids);

  std::mutex mutex_;
  std::condition_variable released_;
  std::set<domain::ObjectId> held_;
};

}  // namespace products::adapters::mongo
