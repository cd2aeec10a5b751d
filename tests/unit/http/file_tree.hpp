#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_env.hpp"

namespace products::adapters::http::testing {

// A folder of its own under the temporary directory, removed with everything in it.
class FileTree {
 public:
  explicit FileTree(const std::string& prefix)
      : root_(std::filesystem::temp_directory_path() / products::testing::unique_name(prefix)) {
    std::filesystem::create_directories(root_);
  }
  ~FileTree() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  FileTree(const FileTree&) = delete;
  FileTree& operator=(const FileTree&) = delete;

  // Writes `content` to `relative`, making its folders.
  std::filesystem::path write(const std::string& relative, const std::string& content) const {
    const auto path = root_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  const std::filesystem::path& root() const noexcept { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace products::adapters::http::testing
