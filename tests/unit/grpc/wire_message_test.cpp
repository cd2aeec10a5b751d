#include "adapters/grpc/wire_message.hpp"

#include <gtest/gtest.h>

#include "domain/error.hpp"
#include "support/product_proto_fixtures.hpp"
#include "unit/grpc/sample_requests.hpp"

namespace products::adapters::grpc {
namespace {

using domain::Error;
using domain::ErrorKind;
using domain::FieldErrors;

::grpc::ByteBuffer to_buffer(const std::string& bytes) {
  ::grpc::Slice slice(bytes);
  return ::grpc::ByteBuffer(&slice, 1);
}

// The error WireMessage::parse throws for `wire` read as a `Message`; fails the test if none.
template <class Message>
Error parse_error(const std::string& wire) {
  Message message;
  try {
    WireMessage::parse(to_buffer(wire), message);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "parsed without an error";
  return Error::internal("no error");
}

TEST(WireMessage, ParsesWhatItSerializes) {
  const auto request = testing::valid_update("65a1b2c3d4e5f60718293a4b");
  ::grpc::ByteBuffer wire;
  WireMessage::serialize(request, wire);
  productsService::UpdateReq parsed;
  WireMessage::parse(wire, parsed);
  EXPECT_EQ(parsed.SerializeAsString(), request.SerializeAsString());
  EXPECT_EQ(parsed.name(), "Espresso cup");
}

TEST(WireMessage, StringThatIsNotUtf8IsInvalidArgumentNamingTheContractField) {
  const auto create = testing::valid_create();
  const auto name = parse_error<productsService::CreateReq>(testing::with_invalid_utf8(create, "Espresso cup"));
  EXPECT_EQ(name.kind(), ErrorKind::InvalidArgument);
  EXPECT_EQ(name.fields(), (FieldErrors{{"name", "must be valid UTF-8"}}));
  EXPECT_STREQ(name.what(), "invalid input: name must be valid UTF-8");

  const auto image = parse_error<productsService::CreateReq>(testing::with_invalid_utf8(create, "cup.png"));
  EXPECT_EQ(image.fields(), (FieldErrors{{"imageUrl", "must be valid UTF-8"}}));

  productsService::GetByIDReq get;
  get.set_productid("65a1b2c3d4e5f60718293a4b");
  const auto id = parse_error<productsService::GetByIDReq>(testing::with_invalid_utf8(get, "3a4b"));
  EXPECT_EQ(id.fields(), (FieldErrors{{"productId", "must be valid UTF-8"}}));

  productsService::SearchReq search;
  search.set_search("cups");
  const auto text = parse_error<productsService::SearchReq>(testing::with_invalid_utf8(search, "cups"));
  EXPECT_EQ(text.fields(), (FieldErrors{{"search", "must be valid UTF-8"}}));
}

TEST(WireMessage, RepeatedItemIsNamedByItsIndex) {
  auto update = testing::valid_update("65a1b2c3d4e5f60718293a4b");
  update.add_photos("https://img.example.com/cup-2.png");
  const auto error = parse_error<productsService::UpdateReq>(testing::with_invalid_utf8(update, "cup-2.png"));
  EXPECT_EQ(error.fields(), (FieldErrors{{"photos[1]", "must be valid UTF-8"}}));
}

TEST(WireMessage, BytesThatAreNoMessageAreInvalidArgumentSayingSo) {
  // Field 2 (Name), length-delimited, announcing 100 bytes where there are 3.
  const auto error = parse_error<productsService::CreateReq>(std::string("\x12\x64" "abc", 5));
  EXPECT_EQ(error.kind(), ErrorKind::InvalidArgument);
  EXPECT_TRUE(error.fields().empty());
  EXPECT_STREQ(error.what(), "invalid input: not a productsService.CreateReq message");
}

}  // namespace
}  // namespace products::adapters::grpc
