#pragma once

#include <google/protobuf/stubs/logging.h>

namespace products::adapters::grpc {

// Process-wide: while it lives, what protobuf logs (by default "[libprotobuf ERROR] ..." lines on
// stderr, outside the service's JSON log) goes to spdlog at the matching level. protobuf's handler
// may be swapped only while nothing else logs through it, so the application owns exactly one,
// made before the gRPC server serves and destroyed after it stopped.
class ProtobufLog {
 public:
  ProtobufLog();
  // Puts back the handler it replaced: spdlog may be gone before what protobuf logs at exit.
  ~ProtobufLog();
  ProtobufLog(const ProtobufLog&) = delete;
  ProtobufLog& operator=(const ProtobufLog&) = delete;

 private:
  google::protobuf::LogHandler* previous_;
};

}  // namespace products::adapters::grpc
