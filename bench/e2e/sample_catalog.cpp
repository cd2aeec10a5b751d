#include "sample_catalog.hpp"

#include <array>

#include <fmt/format.h>

namespace products::bench {

namespace {

constexpr std::array<const char*, 9> kOtherWords = {"lamp",   "chair",  "kettle", "jacket", "watch",
                                                    "bottle", "desk",   "camera", "tent"};
constexpr std::array<const char*, 4> kAdjectives = {"Light", "Sturdy", "Classic", "Compact"};

}  // namespace

domain::ProductFields SampleCatalog::fields(std::uint64_t seq) const {
  const auto slot = seq % (kOtherWords.size() + 1);
  const std::string word = slot == 0 ? search_word_ : kOtherWords[slot - 1];
  domain::ProductFields f;
  f.category_id = *domain::ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  f.name = fmt::format("{} {} no. {}", kAdjectives[seq % kAdjectives.size()], word, seq);
  f.description = fmt::format("Benchmark product number {}, made to be stored and found again", seq);
  f.price = 10 + static_cast<double>(seq % 1000) / 10;
  f.image_url = fmt::format("https://images.example.com/{}.png", seq);
  f.photos = {fmt::format("https://images.example.com/{}-1.jpg", seq)};
  f.quantity = static_cast<std::int64_t>(seq % 50);
  f.rating = static_cast<std::int64_t>(seq % 11);
  return f;
}

domain::Product SampleCatalog::product(std::uint64_t seq, domain::Timestamp at) const {
  domain::Product p;
  p.id = domain::ObjectId::generate();
  p.fields = fields(seq);
  p.created_at = at;
  p.updated_at = at;
  return p;
}

domain::Product SampleCatalog::edited(const domain::Product& product, domain::Timestamp at) const {
  auto p = product;
  p.fields.price += 1;
  p.fields.quantity = (p.fields.quantity + 1) % 50;
  p.fields.description = "Edited by the benchmark: " + p.fields.description.substr(0, 400);
  p.updated_at = at;
  return p;
}

}  // namespace products::bench
