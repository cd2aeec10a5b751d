#include "adapters/http/static_files.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <system_error>

#include <boost/beast/http/field.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>

#include "adapters/http/header_list.hpp"
#include "adapters/http/responses.hpp"

namespace products::adapters::http {

namespace beast_http = boost::beast::http;
namespace fs = std::filesystem;
using beast_http::field;
using beast_http::status;

namespace {

// Browsers revalidate every time (a 304 costs a round trip, no body), so a new file is seen at
// once after the service restarts with it.
constexpr std::string_view kCacheControl = "no-cache";

std::string_view content_type_of(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".yaml", "application/yaml; charset=utf-8"},
      {".png", "image/png"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  for (const auto& [extension, type] : kTypes) {
    if (name.ends_with(extension)) return type;
  }
  // LICENSE, NOTICE: text, though without an extension.
  return name.find('.') == std::string_view::npos ? "text/plain; charset=utf-8" : "application/octet-stream";
}

// A strong validator: the first 128 bits of the content's SHA-256, quoted.
std::string etag_of(std::string_view body) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(body.data(), body.size(), digest.data(), &length, EVP_sha256(), nullptr);
  std::string etag = "\"";
  for (unsigned int i = 0; i < 16 && i < length; ++i) etag += fmt::format("{:02x}", digest[i]);
  return etag + "\"";
}

// If-None-Match's weak comparison (RFC 9110 §13.1.2): any listed tag, W/ or not, or `*`.
bool matches(std::string_view if_none_match, std::string_view etag) {
  for (auto tag : split_list(if_none_match)) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

bool inside(const fs::path& root, const fs::path& path) {
  const auto relative = path.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
  std::error_code ec;
  const auto canonical_root = fs::canonical(root, ec);
  if (ec) return;
  for (const auto& entry : fs::directory_iterator(canonical_root, ec)) {
    const auto name = entry.path().filename().string();
    if (name.starts_with(".") || !entry.is_regular_file(ec)) continue;
    // A link is followed only to a file inside the folder.
    const auto target = fs::canonical(entry.path(), ec);
    if (ec || !inside(canonical_root, target)) continue;
    add(name, target);
  }
}

bool StaticFiles::add(std::string name, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::ostringstream body;
  body << in.rdbuf();
  if (in.bad()) return false;
  File loaded{body.str(), std::string(content_type_of(name)), {}};
  loaded.etag = etag_of(loaded.body);
  files_.insert_or_assign(std::move(name), std::move(loaded));
  return true;
}

Response StaticFiles::serve(const Request& request, std::string_view name) const {
  const auto it = files_.find(name);
  if (it == files_.end()) return error_response(status::not_found, "no such file");
  const auto& file = it->second;
  const bool unchanged = matches(request[field::if_none_match], file.etag);
  Response response{unchanged ? status::not_modified : status::ok, request.version()};
  response.set(field::etag, file.etag);
  response.set(field::cache_control, kCacheControl);
  if (!unchanged) {
    response.set(field::content_type, file.content_type);
    response.set("X-Content-Type-Options", "nosniff");
    response.body() = file.body;
  }
  response.prepare_payload();
  return response;
}

}  // namespace products::adapters::http
