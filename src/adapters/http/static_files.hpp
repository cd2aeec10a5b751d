#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "adapters/http/http_message.hpp"

namespace products::adapters::http {

// Files served as they are (Swagger UI's page, scripts and styles; the OpenAPI document), read
// once when the service starts: they do not change under a running service, and the I/O threads
// never wait on the disk. A request names a file of the folder by its name alone, so no path of
// any spelling (`..`, `%2e%2e%2f`, `/etc/passwd`, a subfolder) reaches anything else, and a
// symbolic link is served only when it points to a file inside the folder.
class StaticFiles {
 public:
  StaticFiles() = default;
  // Every regular file directly in `root`, except dot files; none when `root` is no folder.
  explicit StaticFiles(const std::filesystem::path& root);

  // Adds `file` under `name`; false when it cannot be read.
  bool add(std::string name, const std::filesystem::path& file);
  std::size_t size() const noexcept { return files_.size(); }

  // 200 with the file, its content type and ETag; 304 when If-None-Match names the ETag; 404
  // (the JSON error) for a name that is not served.
  Response serve(const Request& request, std::string_view name) const;

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
  };

  std::map<std::string, File, std::less<>> files_;
};

}  // namespace products::adapters::http
