#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/product.hpp"
#include "http_load.hpp"
#include "sample_catalog.hpp"

namespace products::bench {

// The soak's requests, as three streams that each run on a load of their own, so that each kind's
// latency is measured apart: reads (four in five GET one of a few products, which stay cached; the
// fifth GETs an id never stored, which no cache can answer: a Redis miss, then MongoDB by _id, then
// 404), writes (creates, updates and deletes, 2:2:1) and searches. Updates and deletes take products
// of their own, so that a cached read never meets a product deleted under it. Each source keeps its
// own count, so it must be used by one load at a time.
class SoakTraffic {
 public:
  // Seeded products, split into three sets: hot (cached reads), updated and deleted, in that order.
  // Throws std::invalid_argument when the sets do not fill `seeded` exactly or one is empty.
  SoakTraffic(const std::vector<domain::Product>& seeded, std::size_t hot, std::size_t updated,
              std::size_t deleted, SampleCatalog samples);

  HttpLoad::Source reads();
  HttpLoad::Source writes();
  HttpLoad::Source searches();

  // GET targets of the hot products, which one read each puts in the cache.
  std::vector<std::string> hot_targets() const;

 private:
  HttpRequestSpec read(std::uint64_t n) const;
  HttpRequestSpec write(std::uint64_t n) const;

  std::vector<domain::Product> hot_, updated_, deleted_;
  SampleCatalog samples_;
  std::uint64_t reads_ = 0, writes_ = 0;
};

}  // namespace products::bench
