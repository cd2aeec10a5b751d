#pragma once

// Header-only on purpose: products_test_support does not link the generated gRPC code, and only
// the e2e binary (which does) includes this.

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

#include <grpcpp/client_context.h>

#include "products.grpc.pb.h"

namespace products::testing {

// Requests that pass every validation rule; tests change one field to break one rule.
inline productsService::CreateReq valid_create_request(std::string_view name) {
  productsService::CreateReq request;
  request.set_categoryid("65a1b2c3d4e5f60718293a4b");
  request.set_name(std::string(name));
  request.set_description("A sturdy product made for end-to-end tests");
  request.set_price(19.99);
  request.set_imageurl("https://images.example.com/product.png");
  request.add_photos("https://images.example.com/1.png");
  request.add_photos("http://images.example.com/2.jpg");
  request.set_quantity(7);
  request.set_rating(4);
  return request;
}

inline productsService::UpdateReq valid_update_request(std::string_view id, std::string_view name) {
  productsService::UpdateReq request;
  request.set_productid(std::string(id));
  request.set_categoryid("75a1b2c3d4e5f60718293a4c");
  request.set_name(std::string(name));
  request.set_description("The same product, described anew");
  request.set_price(42.5);
  request.set_imageurl("http://images.example.com/updated.png");
  request.add_photos("https://images.example.com/updated-1.png");
  request.add_photos("https://images.example.com/updated-2.png");
  request.set_quantity(0);
  request.set_rating(10);
  return request;
}

// The wire bytes of `message` with one of its string values, `text`, made invalid UTF-8: its last
// byte becomes 0xff, which UTF-8 never contains: what a buggy or hostile client may send.
inline std::string with_invalid_utf8(const google::protobuf::Message& message, std::string_view text) {
  auto wire = message.SerializeAsString();
  const auto at = wire.find(text);
  if (at == std::string::npos || text.empty()) throw std::invalid_argument("with_invalid_utf8: text not in message");
  wire[at + text.size() - 1] = '\xff';
  return wire;
}

// Every call gets a deadline, so that a hung server fails the test instead of hanging it.
inline void set_test_deadline(grpc::ClientContext& context,
                              std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

inline std::chrono::milliseconds to_millis(const google::protobuf::Timestamp& time) {
  return std::chrono::milliseconds(time.seconds() * 1000 + time.nanos() / 1'000'000);
}

}  // namespace products::testing
