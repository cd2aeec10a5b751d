// The product JSON decoder (adapters/json): a client's body, and a whole product as a Kafka value
// or cache entry carries it.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/json/product_json.hpp"
#include "fuzz/fuzz_contract.hpp"

using products::adapters::json::ProductJson;

namespace {

// Boost.JSON 1.81 (Debian 12's) does not round every number correctly: about one double in nine
// written with 17 significant digits is read back one or two units in the last place off (a
// precise mode exists only from Boost 1.83). A price given with 15 significant digits or fewer
// takes its exact path; the rest may move by that much, and no further.
constexpr std::int64_t kBoostJsonUlps = 2;

bool within_parser_precision(double a, double b) {
  const auto distance = std::bit_cast<std::int64_t>(a) - std::bit_cast<std::int64_t>(b);
  return (a > 0) == (b > 0) && distance >= -kBoostJsonUlps && distance <= kBoostJsonUlps;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  products::fuzz::decode_or_reject([&] { ProductJson::decode_fields(text); });
  products::fuzz::decode_or_reject([&] {
    // What the service writes it must read back as the same product: the consumer and the cache
    // decode what encode wrote.
    const auto product = ProductJson::decode_product(text);
    auto again = ProductJson::decode_product(ProductJson::encode(product));
    if (!within_parser_precision(again.fields.price, product.fields.price)) {
      products::fuzz::violated("decode_product(encode(p)).price is off by more than the parser's precision");
    }
    again.fields.price = product.fields.price;
    if (again != product) products::fuzz::violated("decode_product(encode(p)) != p");
  });
  return 0;
}
