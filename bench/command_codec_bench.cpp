// Encoding runs on the request path of every REST write; decoding on the consumer for every record.
#include <benchmark/benchmark.h>

#include "adapters/kafka/command_codec.hpp"
#include "domain/object_id.hpp"
#include "domain/product_command.hpp"

namespace {

using products::adapters::kafka::CommandCodec;
using products::domain::CommandType;
using products::domain::ProductCommand;

ProductCommand sample_command() {
  ProductCommand command;
  command.type = CommandType::Update;
  command.version = products::domain::version_now();
  command.trace.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  auto& product = command.product;
  product.id = products::domain::ObjectId::generate();
  product.fields.category_id = products::domain::ObjectId::generate();
  product.fields.name = "Espresso cup";
  product.fields.description = "A small porcelain cup for espresso, dishwasher safe";
  product.fields.price = 12.5;
  product.fields.image_url = "https://img.example.com/cup.png";
  product.fields.photos = {"https://img.example.com/cup-1.png", "https://img.example.com/cup-2.png"};
  product.fields.quantity = 7;
  product.fields.rating = 4;
  product.created_at = products::domain::now_ms();
  product.updated_at = product.created_at;
  return command;
}

void BM_CommandCodecEncode(benchmark::State& state) {
  const CommandCodec codec;
  const auto command = sample_command();
  for (auto _ : state) benchmark::DoNotOptimize(codec.encode(command));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CommandCodecEncode);

void BM_CommandCodecDecode(benchmark::State& state) {
  const CommandCodec codec;
  const auto record = codec.encode(sample_command());
  for (auto _ : state) benchmark::DoNotOptimize(codec.decode(record));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CommandCodecDecode);

}  // namespace
