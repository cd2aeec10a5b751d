#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace products::adapters::redis {

// A command's arguments as hiredis's *CommandArgv functions take them (binary-safe: each with its
// length). Refers to the strings it was made from, which must outlive it.
class RedisArgv {
 public:
  explicit RedisArgv(std::span<const std::string_view> args);

  int count() const noexcept { return static_cast<int>(pointers_.size()); }
  const char** pointers() noexcept { return pointers_.data(); }
  const std::size_t* lengths() const noexcept { return lengths_.data(); }

 private:
  std::vector<const char*> pointers_;
  std::vector<std::size_t> lengths_;
};

}  // namespace products::adapters::redis
