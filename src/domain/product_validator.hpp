#pragma once

#include <string_view>

#include "domain/error.hpp"
#include "domain/product_draft.hpp"
#include "domain/product_fields.hpp"

namespace products::domain {

// Every rule of SPEC §2. Collects all problems at once so a client can fix them in one round.
class ProductValidator {
 public:
  static constexpr std::size_t kNameMin = 3, kNameMax = 250;
  static constexpr std::size_t kDescriptionMin = 3, kDescriptionMax = 500;
  static constexpr std::size_t kUrlMaxBytes = 2048;
  static constexpr std::size_t kPhotosMax = 20;
  static constexpr std::int64_t kRatingMin = 0, kRatingMax = 10;

  // Throws Error(InvalidArgument) naming every bad field, with `prior` problems (e.g. type errors
  // found while decoding) merged in.
  static ProductFields validate(const ProductDraft& draft, FieldErrors prior = {});

  // Code points of valid UTF-8, or -1 when the text is not valid UTF-8.
  static long utf8_length(std::string_view text) noexcept;
  static bool is_http_url(std::string_view text);
};

}  // namespace products::domain
