#pragma once

#include <cstdint>
#include <string>

#include "domain/product.hpp"

namespace products::bench {

// What the benchmark's products look like, whichever way they are written (raw insert, Kafka
// command, REST, gRPC). Product number `seq` is named after one of ten words in turn, the first
// being the search word, so a search for it matches a tenth of the catalog and has to look at all
// of it. Every field passes the service's validation.
class SampleCatalog {
 public:
  static constexpr double kSearchShare = 0.1;

  explicit SampleCatalog(std::string search_word) : search_word_(std::move(search_word)) {}

  domain::ProductFields fields(std::uint64_t seq) const;
  // A new product (fresh id) created at `at`.
  domain::Product product(std::uint64_t seq, domain::Timestamp at) const;
  // The same product after an edit: other price, quantity and description.
  domain::Product edited(const domain::Product& product, domain::Timestamp at) const;
  const std::string& search_word() const noexcept { return search_word_; }

 private:
  std::string search_word_;
};

}  // namespace products::bench
