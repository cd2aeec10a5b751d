// The JSON contract sits on every REST write, every Kafka message the consumer applies and every
// cache hit, so its cost is paid once per request at least.
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "adapters/json/product_json.hpp"
#include "domain/object_id.hpp"
#include "domain/timestamp.hpp"

namespace {

using products::adapters::json::ProductJson;

std::string typical_body() {
  return R"({"categoryId":"5f1d7f1c2b3a4c5d6e7f8091","name":"Espresso cup",)"
         R"("description":"A small porcelain cup for espresso, dishwasher safe, 90 ml.",)"
         R"("price":12.5,"imageUrl":"https://img.example.com/products/espresso-cup.png",)"
         R"("photos":["https://img.example.com/products/espresso-cup-1.png"],"quantity":120,"rating":4})";
}

// The largest body the rules allow in photos: 20 URLs, each validated on its own.
std::string twenty_photo_body() {
  std::string photos;
  for (int i = 0; i < 20; ++i) {
    photos += fmt::format(R"({}"https://img.example.com/products/espresso-cup/gallery/{:02}.png")", i ? "," : "", i);
  }
  return fmt::format(R"({{"categoryId":"5f1d7f1c2b3a4c5d6e7f8091","name":"Espresso cup",)"
                     R"("description":"A small porcelain cup for espresso, dishwasher safe, 90 ml.",)"
                     R"("price":12.5,"imageUrl":"https://img.example.com/products/espresso-cup.png",)"
                     R"("photos":[{}],"quantity":120,"rating":4}})",
                     photos);
}

products::domain::Product typical_product() {
  products::domain::Product product;
  product.id = products::domain::ObjectId::generate();
  product.fields = ProductJson::decode_fields(typical_body());
  product.created_at = products::domain::now_ms();
  product.updated_at = product.created_at;
  return product;
}

void BM_DecodeFields(benchmark::State& state, const std::string& body) {
  for (auto _ : state) {
    auto fields = ProductJson::decode_fields(body);
    benchmark::DoNotOptimize(fields);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

void BM_DecodeFieldsTypical(benchmark::State& state) { BM_DecodeFields(state, typical_body()); }
void BM_DecodeFieldsTwentyPhotos(benchmark::State& state) { BM_DecodeFields(state, twenty_photo_body()); }

void BM_EncodeProduct(benchmark::State& state) {
  const auto product = typical_product();
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto text = ProductJson::encode(product);
    bytes += text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

// A consumer or cache read: a whole product, decoded and validated.
void BM_DecodeProduct(benchmark::State& state) {
  const auto text = ProductJson::encode(typical_product());
  for (auto _ : state) {
    auto product = ProductJson::decode_product(text);
    benchmark::DoNotOptimize(product);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

BENCHMARK(BM_DecodeFieldsTypical);
BENCHMARK(BM_DecodeFieldsTwentyPhotos);
BENCHMARK(BM_EncodeProduct);
BENCHMARK(BM_DecodeProduct);

}  // namespace
