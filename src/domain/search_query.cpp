#include "domain/search_query.hpp"

#include <fmt/format.h>

#include "domain/error.hpp"

namespace products::domain {

SearchQuery SearchQuery::make(std::string text, std::int64_t page, std::int64_t size) {
  FieldErrors errors;
  if (page < 1) errors.emplace("page", "must be 1 or more");
  if (page > kMaxPage) errors.emplace("page", fmt::format("must be at most {}", kMaxPage));
  if (size < 1 || size > kMaxSize) errors.emplace("size", fmt::format("must be between 1 and {}", kMaxSize));
  if (!errors.empty()) throw Error::invalid(std::move(errors));
  return SearchQuery{std::move(text), page, size};
}

}  // namespace products::domain
