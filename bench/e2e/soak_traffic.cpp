#include "soak_traffic.hpp"

#include <optional>
#include <stdexcept>

#include "adapters/json/product_json.hpp"
#include "domain/object_id.hpp"
#include "domain/timestamp.hpp"

namespace products::bench {

namespace http = boost::beast::http;

namespace {

std::string product_target(const domain::Product& product) { return "/api/v1/products/" + product.id.hex(); }

}  // namespace

SoakTraffic::SoakTraffic(const std::vector<domain::Product>& seeded, std::size_t hot, std::size_t updated,
                         std::size_t deleted, SampleCatalog samples)
    : samples_(std::move(samples)) {
  if (hot + updated + deleted != seeded.size() || hot == 0 || updated == 0 || deleted == 0) {
    throw std::invalid_argument("soak: the seeded products are not the hot, updated and deleted sets");
  }
  auto from = seeded.begin();
  const auto take = [&](std::vector<domain::Product>& into, std::size_t count) {
    into.assign(from, from + static_cast<std::ptrdiff_t>(count));
    from += static_cast<std::ptrdiff_t>(count);
  };
  take(hot_, hot);
  take(updated_, updated);
  take(deleted_, deleted);
}

HttpLoad::Source SoakTraffic::reads() {
  return [this](std::uint64_t) { return std::optional(read(reads_++)); };
}

HttpLoad::Source SoakTraffic::writes() {
  return [this](std::uint64_t) { return std::optional(write(writes_++)); };
}

HttpLoad::Source SoakTraffic::searches() {
  return HttpLoad::repeat(
      {http::verb::get, "/api/v1/products/search?search=" + samples_.search_word() + "&page=1&size=10", {}});
}

std::vector<std::string> SoakTraffic::hot_targets() const {
  std::vector<std::string> targets;
  for (const auto& product : hot_) targets.push_back(product_target(product));
  return targets;
}

HttpRequestSpec SoakTraffic::read(std::uint64_t n) const {
  if (n % 5 == 4) return {http::verb::get, "/api/v1/products/" + domain::ObjectId::generate().hex(), {}};
  return {http::verb::get, product_target(hot_[n % hot_.size()]), {}};
}

HttpRequestSpec SoakTraffic::write(std::uint64_t n) const {
  const auto round = n / 5;
  switch (n % 5) {
    case 0:
    case 1: {
      // New products go on numbering after the seeded ones, so names stay distinct.
      const auto seq = hot_.size() + updated_.size() + deleted_.size() + n;
      return {http::verb::post, "/api/v1/products",
              adapters::json::ProductJson::encode(samples_.product(seq, domain::now_ms()))};
    }
    case 2:
    case 3: {
      const auto& product = updated_[(2 * round + n % 5 - 2) % updated_.size()];
      return {http::verb::put, product_target(product),
              adapters::json::ProductJson::encode(samples_.edited(product, domain::now_ms()))};
    }
    default:
      // Once every deleted product is gone, deleting them again is still a command to apply.
      return {http::verb::delete_, product_target(deleted_[round % deleted_.size()]), {}};
  }
}

}  // namespace products::bench
