#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <vector>

#include "domain/deadline.hpp"
#include "domain/object_id.hpp"
#include "domain/product.hpp"
#include "domain/product_command.hpp"
#include "domain/search_page.hpp"
#include "domain/search_query.hpp"

namespace products::usecase {

// One write of a batch: a Create or Update has upsert's meaning, a Delete remove's.
struct VersionedWrite {
  domain::CommandType type = domain::CommandType::Create;
  domain::Product product;  // for Delete only the id is meaningful
  std::int64_t version = 0;
  domain::TraceHeaders trace;  // the span the write is made for, so that the store's span joins its trace
};

// What became of one write: `changed` as upsert/remove would return it, or the failure
// (a domain::Error whose transient() tells whether trying again may help).
struct WriteOutcome {
  bool changed = false;
  std::exception_ptr error;
};

// Where products are kept. Writes are versioned (issue time, µs) so that applying commands again,
// or in another order, converges on the state the order of issue implies: a deleted product stays
// deleted (tombstone), a write older than the stored version changes nothing.
// Failures are domain::Error: Unavailable/DeadlineExceeded when the store can't be reached in time.
class ProductRepository {
 public:
  virtual ~ProductRepository() = default;

  // Creates or replaces the product unless it is deleted or stored with a version >= `version`.
  // Keeps the stored createdAt. Returns whether anything changed.
  virtual bool upsert(const domain::Product& product, std::int64_t version, domain::Deadline deadline) = 0;

  // Replaces a live product's fields; nullopt when there is no live product with that id.
  // Returns the stored product.
  virtual std::optional<domain::Product> replace_existing(const domain::Product& product, std::int64_t version,
                                                          domain::Deadline deadline) = 0;

  // Leaves a tombstone. Returns whether a live product was there.
  virtual bool remove(const domain::ObjectId& id, std::int64_t version, domain::Deadline deadline) = 0;

  // Applies every write, one product's writes in the order given and the others in any order, and
  // returns one outcome per write in the same order. Never throws: a failure fails only the
  // writes it touched. The default applies them one by one; stores override it with bulk writes.
  virtual std::vector<WriteOutcome> write_batch(std::span<const VersionedWrite> writes, domain::Deadline deadline);

  virtual std::optional<domain::Product> find_by_id(const domain::ObjectId& id, domain::Deadline deadline) = 0;

  virtual domain::SearchPage search(const domain::SearchQuery& query, domain::Deadline deadline) = 0;
};

}  // namespace products::usecase
