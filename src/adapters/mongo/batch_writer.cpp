#include "adapters/mongo/batch_writer.hpp"

#include <algorithm>
#include <map>

#include "adapters/mongo/bulk_write.hpp"
#include "adapters/mongo/mongo_errors.hpp"
#include "adapters/mongo/mongo_operation.hpp"
#include "adapters/mongo/product_document.hpp"
#include "adapters/mongo/product_filters.hpp"
#include "adapters/mongo/versioned_writes.hpp"
#include "domain/error.hpp"

namespace products::adapters::mongo {

using domain::CommandType;
using domain::Deadline;
using domain::ObjectId;
using usecase::VersionedWrite;
using usecase::WriteOutcome;
using Doc = ProductDocument;
using Filters = ProductFilters;

namespace {

// The outcome of every write of a batch, and which writes are settled.
class BatchOutcomes {
 public:
  explicit BatchOutcomes(std::size_t count) : outcomes_(count), settled_(count, false) {}

  void changed(std::size_t write, bool changed) {
    outcomes_[write].changed = changed;
    settled_[write] = true;
  }
  void failed(std::size_t write, std::exception_ptr error) {
    outcomes_[write].error = std::move(error);
    settled_[write] = true;
  }
  bool settled(std::size_t write) const { return settled_[write]; }

  // Every write not settled yet fails with `error`.
  std::vector<WriteOutcome> finish(const std::exception_ptr& error) && {
    for (std::size_t i = 0; i < outcomes_.size(); ++i) {
      if (!settled_[i]) outcomes_[i].error = error;
    }
    return std::move(outcomes_);
  }

 private:
  std::vector<WriteOutcome> outcomes_;
  std::vector<bool> settled_;
};

// Round n holds each product's n-th write, in the order given.
std::vector<std::vector<std::size_t>> rounds_of(std::span<const VersionedWrite> writes) {
  std::map<ObjectId, std::size_t> seen;
  std::vector<std::vector<std::size_t>> rounds;
  for (std::size_t i = 0; i < writes.size(); ++i) {
    const auto round = seen[writes[i].product.id]++;
    if (round == rounds.size()) rounds.emplace_back();
    rounds[round].push_back(i);
  }
  return rounds;
}

// Thrown out of a chunk to end the batch: a transient failure the other writes would only repeat.
struct BatchStopped {
  std::exception_ptr error;
};

// Settles one write with `write`; a transient failure ends the batch, any other fails the write.
template <typename Write>
void settle_alone(BatchOutcomes& outcomes, std::size_t index, const Write& write) {
  try {
    outcomes.changed(index, write());
  } catch (const domain::Error& e) {
    if (e.transient()) throw BatchStopped{std::current_exception()};
    outcomes.failed(index, std::current_exception());
  } catch (...) {
    outcomes.failed(index, std::current_exception());
  }
}

// One chunk of a round: all creates, or all updates and deletes, each of a different product.
class Chunk {
 public:
  Chunk(std::span<const VersionedWrite> writes, std::span<const std::size_t> indices, BatchOutcomes& outcomes)
      : writes_(writes), indices_(indices), outcomes_(outcomes) {}

  void write(MongoClientPool& pool, WriteLocks& locks, Deadline deadline) {
    std::vector<ObjectId> ids;
    ids.reserve(indices_.size());
    for (const auto i : indices_) ids.push_back(writes_[i].product.id);
    try {
      const auto held = locks.lock(ids, deadline);
      const MongoOperation op(pool, "write batch", deadline);
      const bool inserts = writes_[indices_.front()].type == CommandType::Create;
      const auto result = inserts ? insert(op) : update(op);
      if (!result.complete) {
        settle_unknown_fates(op, result.error);
        return;
      }
      for (std::size_t k = 0; k < indices_.size(); ++k) settle(op, k, result.statements[k]);
    } catch (const BatchStopped&) {
      throw;
    } catch (const domain::Error& e) {
      // Waiting for the locks or a client: a passing deadline, a server out of reach.
      if (e.transient()) throw BatchStopped{std::current_exception()};
      fail_unsettled(std::current_exception());
    } catch (...) {
      fail_unsettled(std::current_exception());
    }
  }

 private:
  const VersionedWrite& at(std::size_t k) const { return writes_[indices_[k]]; }

  void fail_unsettled(const std::exception_ptr& error) {
    for (const auto i : indices_) {
      if (!outcomes_.settled(i)) outcomes_.failed(i, error);
    }
  }

  BulkWrite::Result insert(const MongoOperation& op) const {
    std::vector<BsonDocument> documents;
    documents.reserve(indices_.size());
    for (std::size_t k = 0; k < indices_.size(); ++k) {
      documents.push_back(Doc::versioned_document(at(k).product, at(k).version));
    }
    return BulkWrite::insert(op, documents);
  }

  // A delete's filter is the live product alone: matching tells that a live product was there,
  // and an older tombstone, which the single remove also replaces, collides and goes that way.
  BulkWrite::Result update(const MongoOperation& op) const {
    std::vector<BulkWrite::Update> updates;
    updates.reserve(indices_.size());
    for (std::size_t k = 0; k < indices_.size(); ++k) {
      const auto& w = at(k);
      if (w.type == CommandType::Delete) {
        updates.push_back({w.product.id, Filters::live(w.product.id), Doc::tombstone(w.version)});
      } else {
        updates.push_back(
            {w.product.id, Filters::replaceable(w.product.id, w.version), Doc::versioned_update(w.product, w.version)});
      }
    }
    return BulkWrite::update(op, updates);
  }

  static bool write_after_collision(const MongoOperation& op, const VersionedWrite& w) {
    return w.type == CommandType::Delete ? VersionedWrites::remove_after_collision(op, w.product.id, w.version)
                                         : VersionedWrites::upsert_after_collision(op, w.product, w.version);
  }

  void settle(const MongoOperation& op, std::size_t k, const BulkWrite::Statement& statement) {
    const auto& w = at(k);
    const auto index = indices_[k];
    switch (statement.status) {
      case BulkWrite::Status::Written:
        outcomes_.changed(index, true);
        break;
      case BulkWrite::Status::Upserted:
        // An upserted tombstone found no live product to delete.
        outcomes_.changed(index, w.type != CommandType::Delete);
        break;
      case BulkWrite::Status::DuplicateKey:
        settle_alone(outcomes_, index, [&] { return write_after_collision(op, w); });
        break;
      case BulkWrite::Status::Failed:
        outcomes_.failed(index, std::make_exception_ptr(op.error(statement.error)));
        break;
    }
  }

  // The command failed, or the server did not say what became of each statement (FerretDB stops
  // an update command at its first collision). Unless the server is out of reach, each write is
  // written alone, as every write may be applied again, starting from the stored state as after
  // a collision: one did collide, and replays come in runs. A write the command had already
  // applied then reads as unchanged.
  void settle_unknown_fates(const MongoOperation& op, const bson_error_t& error) {
    if (!MongoErrors::is_duplicate_key(error)) {
      auto failure = op.error(error);
      if (failure.transient()) throw BatchStopped{std::make_exception_ptr(std::move(failure))};
    }
    for (std::size_t k = 0; k < indices_.size(); ++k) {
      settle_alone(outcomes_, indices_[k], [&] { return write_after_collision(op, at(k)); });
    }
  }

  std::span<const VersionedWrite> writes_;
  std::span<const std::size_t> indices_;
  BatchOutcomes& outcomes_;
};

}  // namespace

std::vector<WriteOutcome> BatchWriter::write(std::span<const VersionedWrite> writes, Deadline deadline) {
  BatchOutcomes outcomes(writes.size());
  try {
    for (const auto& round : rounds_of(writes)) {
      std::vector<std::size_t> creates, others;
      for (const auto i : round) (writes[i].type == CommandType::Create ? creates : others).push_back(i);
      const auto write_chunks = [&](std::span<const std::size_t> indices, std::size_t limit) {
        for (std::size_t from = 0; from < indices.size(); from += limit) {
          Chunk(writes, indices.subspan(from, std::min(limit, indices.size() - from)), outcomes)
              .write(pool_, locks_, deadline);
        }
      };
      write_chunks(creates, BulkWrite::kMaxInserts);
      write_chunks(others, BulkWrite::kMaxUpdates);
    }
  } catch (const BatchStopped& stopped) {
    return std::move(outcomes).finish(stopped.error);
  } catch (...) {
    return std::move(outcomes).finish(std::current_exception());
  }
  return std::move(outcomes).finish(nullptr);
}

}  // namespace products::adapters::mongo
