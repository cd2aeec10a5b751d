#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/support/byte_buffer.h>

namespace products::adapters::grpc {

// The service's own (de)serialization of request and response messages. gRPC's callback handlers
// answer UNIMPLEMENTED with no message when they cannot parse a request, and protobuf refuses to
// parse a proto3 string that is not UTF-8; parsing here turns that into a caller's mistake that
// names the field, as every other bad input is.
class WireMessage {
 public:
  // Throws domain::Error(InvalidArgument) naming the first string field that is not UTF-8 (its
  // name in the JSON contract, `photos[i]` for an item), or saying the bytes are no `into`.
  static void parse(const ::grpc::ByteBuffer& bytes, google::protobuf::Message& into);
  static void serialize(const google::protobuf::Message& message, ::grpc::ByteBuffer& into);
};

}  // namespace products::adapters::grpc
