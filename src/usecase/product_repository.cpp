#include "usecase/product_repository.hpp"

namespace products::usecase {

std::vector<WriteOutcome> ProductRepository::write_batch(std::span<const VersionedWrite> writes,
                                                         domain::Deadline deadline) {
  std::vector<WriteOutcome> outcomes(writes.size());
  for (std::size_t i = 0; i < writes.size(); ++i) {
    const auto& write = writes[i];
    try {
      outcomes[i].changed = write.type == domain::CommandType::Delete
                                ? remove(write.product.id, write.version, deadline)
                                : upsert(write.product, write.version, deadline);
    } catch (...) {
      outcomes[i].error = std::current_exception();
    }
  }
  return outcomes;
}

}  // namespace products::usecase
