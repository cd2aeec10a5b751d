#include "adapters/grpc/product_handlers.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "domain/error.hpp"
#include "support/fakes/counting_cache_observer.hpp"
#include "support/fakes/fake_command_publisher.hpp"
#include "support/fakes/fake_idempotency_store.hpp"
#include "support/fakes/fake_product_cache.hpp"
#include "support/fakes/fake_product_repository.hpp"
#include "support/fakes/sample_product.hpp"
#include "unit/grpc/sample_requests.hpp"

namespace products::adapters::grpc {
namespace {

using namespace std::chrono_literals;
using domain::Deadline;
using domain::Error;
using domain::ErrorKind;
using testing::valid_create;
using testing::valid_update;

constexpr const char* kUnknownId = "0123456789abcdef01234567";

// Runs `call` and returns the domain::Error it throws (failing the test if it throws nothing).
template <class Call>
Error error_of(Call call) {
  try {
    call();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected a domain::Error";
  return Error::internal("nothing thrown");
}

class ProductHandlersTest : public ::testing::Test {
 protected:
  testing::FakeProductRepository repository_;
  testing::FakeProductCache cache_;
  testing::FakeCommandPublisher publisher_;
  testing::CountingCacheObserver observer_;
  testing::FakeIdempotencyStore idempotency_;
  usecase::ProductService service_{repository_, cache_, publisher_, observer_, idempotency_};
  const Deadline deadline_ = Deadline::after(5s);
  const domain::Product stored_ = testing::sample_product();
};

TEST_F(ProductHandlersTest, CreateStoresAndReturnsTheProduct) {
  const auto response = handle_create(service_, valid_create(), std::nullopt, deadline_);
  const auto& product = response.product();
  const auto id = domain::ObjectId::parse(product.productid());
  ASSERT_TRUE(id) << product.productid();
  ASSERT_EQ(repository_.store.count(*id), 1u);
  EXPECT_EQ(repository_.store[*id].product.fields, testing::valid_fields());
  EXPECT_EQ(product.name(), "Espresso cup");
  EXPECT_EQ(product.price(), 12.5);
  EXPECT_EQ(product.photos_size(), 1);
  EXPECT_GT(product.createdat().seconds(), 0);
  EXPECT_EQ(product.createdat().seconds(), product.updatedat().seconds());
  EXPECT_TRUE(publisher_.published.empty()) << "gRPC writes are synchronous, not commands";
}

TEST_F(ProductHandlersTest, CreateWithNothingSetNamesEveryRequiredField) {
  const auto error = error_of([&] { handle_create(service_, {}, std::nullopt, deadline_); });
  EXPECT_EQ(error.kind(), ErrorKind::InvalidArgument);
  EXPECT_EQ(error.fields().at("categoryId"), "is required");
  EXPECT_EQ(error.fields().at("name"), "is required");
  EXPECT_EQ(error.fields().at("description"), "is required");
  EXPECT_EQ(error.fields().at("price"), "must be a finite number greater than 0");
  EXPECT_EQ(error.fields().count("quantity"), 0u) << "0 is a valid quantity";
  EXPECT_EQ(error.fields().count("rating"), 0u) << "0 is a valid rating";
  EXPECT_TRUE(repository_.calls.empty());
}

TEST_F(ProductHandlersTest, CreateWithAShortNameSaysWhatIsWrongInTheMessage) {
  auto request = valid_create();
  request.set_name("ab");
  const auto error = error_of([&] { handle_create(service_, request, std::nullopt, deadline_); });
  EXPECT_EQ(error.kind(), ErrorKind::InvalidArgument);
  EXPECT_STREQ(error.what(), "invalid input: name must be 3-250 characters long, got 2");
}

TEST_F(ProductHandlersTest, CreateReportsEveryBadFieldAtOnce) {
  auto request = valid_create();
  request.set_categoryid("not-an-id");
  request.set_imageurl("ftp://img.example.com/cup.png");
  request.set_photos(0, "cup.png");
  request.set_quantity(-1);
  request.set_rating(11);
  const auto error = error_of([&] { handle_create(service_, request, std::nullopt, deadline_); });
  EXPECT_EQ(error.kind(), ErrorKind::InvalidArgument);
  for (const char* field : {"categoryId", "imageUrl", "photos[0]", "quantity", "rating"}) {
    EXPECT_EQ(error.fields().count(field), 1u) << field;
    EXPECT_NE(std::string(error.what()).find(field), std::string::npos) << error.what();
  }
}

TEST_F(ProductHandlersTest, CreateWhenTheStoreIsDownIsUnavailable) {
  repository_.fail_with = Error::unavailable("mongo down");
  EXPECT_EQ(error_of([&] { handle_create(service_, valid_create(), std::nullopt, deadline_); }).kind(),
            ErrorKind::Unavailable);
}

TEST_F(ProductHandlersTest, CreateRetriedWithItsIdempotencyKeyAnswersTheFirstProduct) {
  const auto first = handle_create(service_, valid_create(), "order-1", deadline_);
  const auto retry = handle_create(service_, valid_create(), "order-1", deadline_);
  EXPECT_EQ(retry.product().SerializeAsString(), first.product().SerializeAsString());
  EXPECT_EQ(repository_.store.size(), 1u);
}

TEST_F(ProductHandlersTest, IdempotencyKeyReusedWithAnotherBodyIsConflict) {
  handle_create(service_, valid_create(), "order-1", deadline_);
  auto other = valid_create();
  other.set_name("Another cup");
  const auto error = error_of([&] { handle_create(service_, other, "order-1", deadline_); });
  EXPECT_EQ(error.kind(), ErrorKind::Conflict);
  EXPECT_NE(std::string(error.what()).find("order-1"), std::string::npos) << error.what();
}

TEST_F(ProductHandlersTest, MalformedIdempotencyKeyNamesTheMetadataKey) {
  const auto error = error_of([&] { handle_create(service_, valid_create(), "", deadline_); });
  EXPECT_EQ(error.kind(), ErrorKind::InvalidArgument);
  EXPECT_EQ(error.fields().at("idempotency-key"), "must not be empty");
  EXPECT_TRUE(repository_.calls.empty());
}

TEST_F(ProductHandlersTest, UpdateReplacesTheFieldsAndKeepsCreatedAt) {
  repository_.seed(stored_);
  cache_.entries[stored_.id] = stored_;
  auto request = valid_update(stored_.id.hex());
  request.set_name("Espresso cup, blue");
  request.set_quantity(0);
  const auto response = handle_update(service_, request, deadline_);
  EXPECT_EQ(response.product().productid(), stored_.id.hex());
  EXPECT_EQ(response.product().name(), "Espresso cup, blue");
  EXPECT_EQ(response.product().quantity(), 0);
  EXPECT_EQ(response.product().createdat().seconds(), 1'700'000'000);
  EXPECT_GT(response.product().updatedat().seconds(), 1'700'000'500);
  EXPECT_EQ(repository_.store[stored_.id].product.fields.name, "Espresso cup, blue");
  EXPECT_EQ(cache_.entries.count(stored_.id), 0u) << "the cached copy must go";
}

TEST_F(ProductHandlersTest, UpdateOfAnUnknownProductIsNotFound) {
  const auto error = error_of([&] { handle_update(service_, valid_update(kUnknownId), deadline_); });
  EXPECT_EQ(error.kind(), ErrorKind::NotFound);
  EXPECT_NE(std::string(error.what()).find(kUnknownId), std::string::npos);
}

TEST_F(ProductHandlersTest, UpdateWithABadIdReportsItWithTheOtherFields) {
  auto request = valid_update("xyz");
  request.set_name("");
  const auto error = error_of([&] { handle_update(service_, request, deadline_); });
  EXPECT_EQ(error.kind(), ErrorKind::InvalidArgument);
  EXPECT_EQ(error.fields().at("productId"), "must be a 24-character hex ObjectId");
  EXPECT_EQ(error.fields().at("name"), "is required");
  EXPECT_TRUE(repository_.calls.empty());
}

TEST_F(ProductHandlersTest, GetByIdReadsThroughTheCache) {
  repository_.seed(stored_);
  productsService::GetByIDReq request;
  request.set_productid(stored_.id.hex());
  EXPECT_EQ(handle_get_by_id(service_, request, deadline_).product().name(), "Espresso cup");
  EXPECT_EQ(handle_get_by_id(service_, request, deadline_).product().name(), "Espresso cup");
  EXPECT_EQ(repository_.count("find_by_id"), 1u);
  EXPECT_EQ(observer_.hits, 1);
}

TEST_F(ProductHandlersTest, GetByIdOfAnUnknownProductIsNotFound) {
  productsService::GetByIDReq request;
  request.set_productid(kUnknownId);
  EXPECT_EQ(error_of([&] { handle_get_by_id(service_, request, deadline_); }).kind(), ErrorKind::NotFound);
}

TEST_F(ProductHandlersTest, GetByIdWithABadIdIsInvalid) {
  productsService::GetByIDReq request;
  request.set_productid("65a1b2c3d4e5f60718293a4");  // 23 digits
  const auto error = error_of([&] { handle_get_by_id(service_, request, deadline_); });
  EXPECT_EQ(error.kind(), ErrorKind::InvalidArgument);
  EXPECT_STREQ(error.what(), "invalid input: productId must be a 24-character hex ObjectId");
}

TEST_F(ProductHandlersTest, GetByIdWhenTheStoreIsDownIsUnavailable) {
  repository_.fail_with = Error::unavailable("mongo down");
  productsService::GetByIDReq request;
  request.set_productid(stored_.id.hex());
  EXPECT_EQ(error_of([&] { handle_get_by_id(service_, request, deadline_); }).kind(), ErrorKind::Unavailable);
}

TEST_F(ProductHandlersTest, SearchWithoutPageOrSizeUsesTheDefaults) {
  productsService::SearchReq request;
  request.set_search("cup");
  handle_search(service_, request, deadline_);
  ASSERT_TRUE(repository_.last_query);
  EXPECT_EQ(repository_.last_query->text, "cup");
  EXPECT_EQ(repository_.last_query->page, 1);
  EXPECT_EQ(repository_.last_query->size, 10);
}

TEST_F(ProductHandlersTest, SearchReturnsThePage) {
  repository_.search_result.total_count = 12;
  repository_.search_result.page = 2;
  repository_.search_result.size = 5;
  repository_.search_result.products = {stored_, testing::sample_product("65a1b2c3d4e5f60718293a4c", "Mug")};
  productsService::SearchReq request;
  request.set_page(2);
  request.set_size(5);
  const auto response = handle_search(service_, request, deadline_);
  EXPECT_EQ(repository_.last_query->page, 2);
  EXPECT_EQ(repository_.last_query->size, 5);
  EXPECT_EQ(response.totalcount(), 12);
  EXPECT_EQ(response.totalpages(), 3);
  EXPECT_EQ(response.page(), 2);
  EXPECT_EQ(response.size(), 5);
  EXPECT_TRUE(response.hasmore());
  ASSERT_EQ(response.products_size(), 2);
  EXPECT_EQ(response.products(1).name(), "Mug");
}

TEST_F(ProductHandlersTest, SearchRejectsABadPageOrSize) {
  productsService::SearchReq request;
  request.set_page(-1);
  request.set_size(101);
  const auto error = error_of([&] { handle_search(service_, request, deadline_); });
  EXPECT_EQ(error.kind(), ErrorKind::InvalidArgument);
  EXPECT_EQ(error.fields().at("page"), "must be 1 or more");
  EXPECT_EQ(error.fields().at("size"), "must be between 1 and 100");
  EXPECT_TRUE(repository_.calls.empty());
}

TEST_F(ProductHandlersTest, DeleteRemovesTheProductAndItsCachedCopy) {
  repository_.seed(stored_);
  cache_.entries[stored_.id] = stored_;
  productsService::DeleteReq request;
  request.set_productid(stored_.id.hex());
  handle_delete(service_, request, deadline_);
  EXPECT_TRUE(repository_.store[stored_.id].deleted);
  EXPECT_EQ(cache_.entries.count(stored_.id), 0u);
  EXPECT_EQ(error_of([&] { handle_delete(service_, request, deadline_); }).kind(), ErrorKind::NotFound);
}

TEST_F(ProductHandlersTest, DeleteWithABadIdIsInvalid) {
  productsService::DeleteReq request;
  EXPECT_EQ(error_of([&] { handle_delete(service_, request, deadline_); }).kind(), ErrorKind::InvalidArgument);
}

}  // namespace
}  // namespace products::adapters::grpc
