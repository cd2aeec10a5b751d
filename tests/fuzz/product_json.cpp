// The product JSON decoder (adapters/json): a client's body, and a whole product as a Kafka value
// or cache entry carries it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/json/product_json.hpp"
#include "fuzz/fuzz_contract.hpp"

using products::adapters::json::ProductJson;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  products::fuzz::decode_or_reject([&] { ProductJson::decode_fields(text); });
  products::fuzz::decode_or_reject([&] {
    // What the service writes it must read back as the same product: the consumer and the cache
    // decode what encode wrote.
    const auto product = ProductJson::decode_product(text);
    const auto again = ProductJson::decode_product(ProductJson::encode(product));
    if (again != product) products::fuzz::violated("decode_product(encode(p)) != p");
  });
  return 0;
}
