#include "adapters/redis/redis_cached_product_reader.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "adapters/json/product_json.hpp"
#include "unit/redis/io_runner.hpp"
#include "unit/redis/silent_server.hpp"

namespace products::adapters::redis {
namespace {

using namespace std::chrono_literals;

domain::Product sample_product() {
  domain::Product product;
  product.id = *domain::ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  product.fields.category_id = *domain::ObjectId::parse("5f1d7f1c2b3a4c5d6e7f8091");
  product.fields.name = "Espresso cup";
  product.fields.description = "A small porcelain cup";
  product.fields.price = 12.5;
  product.fields.quantity = 7;
  product.fields.rating = 4;
  product.created_at = domain::Timestamp(1'700'000'000'123ms);
  product.updated_at = product.created_at;
  return product;
}

// The check must accept exactly what RedisProductCache::put stores (ProductJson::encode): if the
// encoding ever changes its first field, this fails before every hit silently turns into a miss.
TEST(RedisCachedProductReader, TakesTheEncodingOfThisProduct) {
  const auto product = sample_product();
  EXPECT_TRUE(RedisCachedProductReader::holds_product(json::ProductJson::encode(product), product.id));
}

TEST(RedisCachedProductReader, RefusesAnotherProductsEncoding) {
  const auto product = sample_product();
  auto other = product;
  other.id = *domain::ObjectId::parse("65a1b2c3d4e5f60718293a4c");
  EXPECT_FALSE(RedisCachedProductReader::holds_product(json::ProductJson::encode(other), product.id));
}

TEST(RedisCachedProductReader, RefusesWhatIsNotOurs) {
  const auto id = sample_product().id;
  const auto hex = id.hex();
  for (const std::string& entry : {
           std::string(),
           std::string("garbage"),
           R"({"productId":")" + hex,                                // truncated
           R"({"productId":")" + hex + R"(","name":"x")",           // truncated, no closing brace
           R"({"productId":")" + hex + R"(0","name":"x"})",         // a longer id
           R"({"productId":")" + hex.substr(0, 23) + R"(","x":1})",  // a shorter id
           R"({ "productId":")" + hex + R"(","name":"x"})",         // someone else's formatting
           R"({"name":"x","productId":")" + hex + R"("})",          // another field order
           R"(["productId",")" + hex + R"("])",
       }) {
    EXPECT_FALSE(RedisCachedProductReader::holds_product(entry, id)) << entry;
  }
}

class CountingObserver : public usecase::CacheObserver {
 public:
  void hit() override { ++hits; }
  int hits = 0;  // written on the I/O thread, read once it is joined
};

// With Redis unreachable a lookup is answered at once, not as a plain miss, and counts nothing:
// the slow path that follows asks the cache again and counts it as unavailable.
TEST(RedisCachedProductReader, UnreachableRedisIsNoHitAtOnceAndNotAMiss) {
  RedisConfig config;
  config.port = testing::closed_port();
  CountingObserver observer;
  testing::IoRunner io;
  std::optional<RedisCachedProductReader> reader;
  reader.emplace(io.executor(), config, observer);
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto answered = std::make_shared<std::promise<usecase::CacheLookup>>();
    auto future = answered->get_future();
    const auto start = std::chrono::steady_clock::now();
    reader->lookup(sample_product().id, domain::Deadline::after(5s),
                   [answered](usecase::CacheLookup found) { answered->set_value(std::move(found)); });
    ASSERT_EQ(future.wait_for(2s), std::future_status::ready);
    const auto found = future.get();
    EXPECT_EQ(found.encoded, std::nullopt);
    EXPECT_FALSE(found.absent);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
  }
  io.stop();
  reader.reset();
  EXPECT_EQ(observer.hits, 0);
}

}  // namespace
}  // namespace products::adapters::redis
