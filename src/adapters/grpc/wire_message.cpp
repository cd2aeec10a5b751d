#include "adapters/grpc/wire_message.hpp"

#include <map>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <google/protobuf/unknown_field_set.h>
#include <grpcpp/impl/codegen/proto_utils.h>
#include <grpcpp/support/proto_buffer_reader.h>

#include "adapters/grpc/product_proto.hpp"
#include "domain/error.hpp"
#include "domain/product_validator.hpp"

namespace products::adapters::grpc {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

std::string flatten(const ::grpc::ByteBuffer& bytes) {
  ::grpc::Slice slice;
  if (!bytes.DumpToSingleSlice(&slice).ok()) return {};
  return std::string(reinterpret_cast<const char*>(slice.begin()), slice.size());
}

// The field of `type` whose value in `wire` is not UTF-8, found by reading the message as bare
// wire fields, which checks nothing. The request messages are flat, so one level is enough.
std::optional<std::string> field_with_invalid_utf8(const std::string& wire, const Descriptor& type) {
  UnknownFieldSet fields;
  if (!fields.ParseFromString(wire)) return std::nullopt;
  std::map<int, int> seen;  // field number -> items so far, for repeated fields
  for (int i = 0; i < fields.field_count(); ++i) {
    const auto& field = fields.field(i);
    const int index = seen[field.number()]++;
    const auto* described = type.FindFieldByNumber(field.number());
    if (!described || described->type() != FieldDescriptor::TYPE_STRING ||
        field.type() != UnknownField::TYPE_LENGTH_DELIMITED) {
      continue;
    }
    if (domain::ProductValidator::utf8_length(field.length_delimited()) >= 0) continue;
    const auto name = ProductProto::contract_name(described->name());
    return described->is_repeated() ? fmt::format("{}[{}]", name, index) : std::string(name);
  }
  return std::nullopt;
}

}  // namespace

void WireMessage::parse(const ::grpc::ByteBuffer& bytes, google::protobuf::Message& into) {
  ::grpc::ByteBuffer readable(bytes);  // shares the slices; the reader needs a mutable buffer
  ::grpc::ProtoBufferReader reader(&readable);
  if (reader.status().ok() && into.ParseFromZeroCopyStream(&reader)) return;
  if (auto field = field_with_invalid_utf8(flatten(bytes), *into.GetDescriptor())) {
    throw domain::Error::invalid_field(std::move(*field), "must be valid UTF-8");
  }
  throw domain::Error(domain::ErrorKind::InvalidArgument,
                      fmt::format("invalid input: not a {} message", into.GetDescriptor()->full_name()));
}

void WireMessage::serialize(const google::protobuf::Message& message, ::grpc::ByteBuffer& into) {
  bool own_buffer = false;
  const auto status = ::grpc::SerializationTraits<google::protobuf::Message>::Serialize(message, &into, &own_buffer);
  if (!status.ok()) throw domain::Error::internal(fmt::format("gRPC: cannot serialize: {}", status.error_message()));
}

}  // namespace products::adapters::grpc
