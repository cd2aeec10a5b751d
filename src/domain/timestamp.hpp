#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace products::domain {

// Product times have millisecond precision: what BSON dates and protobuf clients both keep.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

Timestamp now_ms();
// RFC 3339 in UTC with milliseconds, e.g. 2026-11-22T10:00:00.123Z.
std::string format_rfc3339(Timestamp t);
// Accepts RFC 3339 with a Z or numeric offset and optional fraction; nullopt when malformed.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

}  // namespace products::domain
