#include "domain/product_validator.hpp"

#include <cmath>
#include <fmt/format.h>

#include "domain/object_id.hpp"

namespace products::domain {

namespace {

void check_text(const std::optional<std::string>& value, const char* field, std::size_t min,
                std::size_t max, FieldErrors& errors) {
  if (!value) {
    errors.emplace(field, "is required");
    return;
  }
  const long length = ProductValidator::utf8_length(*value);
  if (length < 0) {
    errors.emplace(field, "must be valid UTF-8");
  } else if (static_cast<std::size_t>(length) < min || static_cast<std::size_t>(length) > max) {
    errors.emplace(field, fmt::format("must be {}-{} characters long, got {}", min, max, length));
  }
}

std::optional<std::string> check_url(const std::string& url, std::string field, FieldErrors& errors) {
  if (url.size() > ProductValidator::kUrlMaxBytes) {
    errors.emplace(std::move(field),
                   fmt::format("must be at most {} bytes", ProductValidator::kUrlMaxBytes));
    return std::nullopt;
  }
  if (!ProductValidator::is_http_url(url)) {
    errors.emplace(std::move(field), "must be an absolute http or https URL");
    return std::nullopt;
  }
  return url;
}

}  // namespace

long ProductValidator::utf8_length(std::string_view text) noexcept {
  long count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (lead < 0x80) {
      cp = lead;
    } else if ((lead & 0xe0) == 0xc0) {
      extra = 1;
      cp = lead & 0x1f;
    } else if ((lead & 0xf0) == 0xe0) {
      extra = 2;
      cp = lead & 0x0f;
    } else if ((lead & 0xf8) == 0xf0) {
      extra = 3;
      cp = lead & 0x07;
    } else {
      return -1;
    }
    if (i + extra >= text.size()) return -1;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return -1;
      cp = cp << 6 | (next & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
    static constexpr std::uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
    i += extra + 1;
    ++count;
  }
  return count;
}

bool ProductValidator::is_http_url(std::string_view text) {
  std::string_view rest;
  auto starts_with_ci = [&](std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    }
    rest = text.substr(prefix.size());
    return true;
  };
  if (!starts_with_ci("http://") && !starts_with_ci("https://")) return false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  const auto host_end = rest.find_first_of("/?#");
  auto authority = rest.substr(0, host_end);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  if (authority.empty() || authority.front() == ':') return false;
  return true;
}

ProductFields ProductValidator::validate(const ProductDraft& draft, FieldErrors prior) {
  FieldErrors errors = std::move(prior);
  ProductFields fields;

  if (!draft.category_id) {
    errors.emplace("categoryId", "is required");
  } else if (auto id = ObjectId::parse(*draft.category_id)) {
    fields.category_id = *id;
  } else {
    errors.emplace("categoryId", "must be a 24-character hex ObjectId");
  }

  check_text(draft.name, "name", kNameMin, kNameMax, errors);
  check_text(draft.description, "description", kDescriptionMin, kDescriptionMax, errors);
  if (draft.name) fields.name = *draft.name;
  if (draft.description) fields.description = *draft.description;

  if (!draft.price) {
    errors.emplace("price", "is required");
  } else if (!std::isfinite(*draft.price) || *draft.price <= 0) {
    errors.emplace("price", "must be a finite number greater than 0");
  } else {
    fields.price = *draft.price;
  }

  if (draft.image_url && !draft.image_url->empty()) {
    fields.image_url = check_url(*draft.image_url, "imageUrl", errors);
  }

  if (draft.photos) {
    if (draft.photos->size() > kPhotosMax) {
      errors.emplace("photos", fmt::format("must have at most {} items, got {}", kPhotosMax,
                                           draft.photos->size()));
    } else {
      for (std::size_t i = 0; i < draft.photos->size(); ++i) {
        if (auto url = check_url((*draft.photos)[i], fmt::format("photos[{}]", i), errors)) {
          fields.photos.push_back(std::move(*url));
        }
      }
    }
  }

  if (!draft.quantity) {
    errors.emplace("quantity", "is required");
  } else if (*draft.quantity < 0) {
    errors.emplace("quantity", "must be 0 or more");
  } else {
    fields.quantity = *draft.quantity;
  }

  if (draft.rating) {
    if (*draft.rating < kRatingMin || *draft.rating > kRatingMax) {
      errors.emplace("rating", fmt::format("must be between {} and {}", kRatingMin, kRatingMax));
    } else {
      fields.rating = *draft.rating;
    }
  }

  if (!errors.empty()) throw Error::invalid(std::move(errors));
  return fields;
}

}  // namespace products::domain
