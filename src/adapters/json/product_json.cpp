#include "adapters/json/product_json.hpp"

#include <limits>

#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "adapters/json/json_reader.hpp"
#include "domain/error.hpp"
#include "domain/product_draft.hpp"
#include "domain/product_validator.hpp"

namespace products::adapters::json {

namespace bj = boost::json;
using domain::Error;
using domain::FieldErrors;

namespace {

// Server-set fields, accepted and ignored in client bodies so that the original's bodies work.
constexpr std::string_view kServerFields[] = {"productId", "createdAt", "updatedAt"};

bj::object parse_object(std::string_view text) {
  boost::system::error_code ec;
  bj::value value = JsonReader::parse(text, ec);
  if (ec) throw Error::invalid_field("body", fmt::format("is not valid JSON: {}", ec.message()));
  if (!value.is_object()) throw Error::invalid_field("body", "must be a JSON object");
  return std::move(value.as_object());
}

std::optional<std::string> read_string(const bj::value& v, std::string_view field, FieldErrors& errors) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_string()) {
    errors.emplace(field, "must be a string");
    return std::nullopt;
  }
  return std::string(v.as_string());
}

std::optional<double> read_number(const bj::value& v, std::string_view field, FieldErrors& errors) {
  if (v.is_double()) return v.as_double();
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (!v.is_null()) errors.emplace(field, "must be a number");
  return std::nullopt;
}

std::optional<std::int64_t> read_integer(const bj::value& v, std::string_view field, FieldErrors& errors) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(v.as_uint64());
  }
  if (!v.is_null()) errors.emplace(field, "must be an integer");
  return std::nullopt;
}

std::optional<std::vector<std::string>> read_string_array(const bj::value& v, std::string_view field,
                                                          FieldErrors& errors) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_array()) {
    errors.emplace(field, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(v.as_array().size());
  for (const auto& item : v.as_array()) {
    if (!item.is_string()) {
      errors.emplace(field, "must be an array of strings");
      return std::nullopt;
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

// Reads the user fields; server-set fields are left to the caller, anything else is an error.
domain::ProductDraft read_draft(const bj::object& object, FieldErrors& errors) {
  domain::ProductDraft draft;
  for (const auto& [key, value] : object) {
    if (key == "categoryId") {
      draft.category_id = read_string(value, key, errors);
    } else if (key == "name") {
      draft.name = read_string(value, key, errors);
    } else if (key == "description") {
      draft.description = read_string(value, key, errors);
    } else if (key == "price") {
      draft.price = read_number(value, key, errors);
    } else if (key == "imageUrl") {
      draft.image_url = read_string(value, key, errors);
    } else if (key == "photos") {
      draft.photos = read_string_array(value, key, errors);
    } else if (key == "quantity") {
      draft.quantity = read_integer(value, key, errors);
    } else if (key == "rating") {
      draft.rating = read_integer(value, key, errors);
    } else if (std::find(std::begin(kServerFields), std::end(kServerFields), key) == std::end(kServerFields)) {
      errors.emplace(key, "is not a known field");
    }
  }
  return draft;
}

domain::Timestamp read_time(const bj::object& object, std::string_view field, FieldErrors& errors) {
  const auto* value = object.if_contains(field);
  if (!value || !value->is_string()) {
    errors.emplace(field, "must be an RFC 3339 timestamp");
    return {};
  }
  auto parsed = domain::parse_rfc3339(std::string_view(value->as_string()));
  if (!parsed) {
    errors.emplace(field, "must be an RFC 3339 timestamp");
    return {};
  }
  return *parsed;
}

void write_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void write_product(std::string& out, const domain::Product& product) {
  const auto& f = product.fields;
  out += R"({"productId":")";
  out += product.id.hex();
  out += R"(","categoryId":")";
  out += f.category_id.hex();
  out += R"(","name":)";
  write_string(out, f.name);
  out += R"(,"description":)";
  write_string(out, f.description);
  // fmt prints the shortest text that reads back as the same double.
  fmt::format_to(std::back_inserter(out), R"(,"price":{})", f.price);
  if (f.image_url) {
    out += R"(,"imageUrl":)";
    write_string(out, *f.image_url);
  }
  out += R"(,"photos":[)";
  const char* separator = "";
  for (const auto& photo : f.photos) {
    out += separator;
    write_string(out, photo);
    separator = ",";
  }
  fmt::format_to(std::back_inserter(out), R"(],"quantity":{},"rating":{},"createdAt":"{}","updatedAt":"{}"}})",
                 f.quantity, f.rating, domain::format_rfc3339(product.created_at),
                 domain::format_rfc3339(product.updated_at));
}

}  // namespace

domain::ProductFields ProductJson::decode_fields(std::string_view body) {
  const auto object = parse_object(body);
  FieldErrors errors;
  auto draft = read_draft(object, errors);
  return domain::ProductValidator::validate(draft, std::move(errors));
}

domain::Product ProductJson::decode_product(std::string_view text) {
  const auto object = parse_object(text);
  FieldErrors errors;
  auto draft = read_draft(object, errors);
  domain::Product product;
  const auto* id = object.if_contains("productId");
  std::optional<domain::ObjectId> parsed_id;
  if (id && id->is_string()) parsed_id = domain::ObjectId::parse(std::string_view(id->as_string()));
  if (parsed_id) {
    product.id = *parsed_id;
  } else {
    errors.emplace("productId", "must be a 24-character hex ObjectId");
  }
  product.created_at = read_time(object, "createdAt", errors);
  product.updated_at = read_time(object, "updatedAt", errors);
  product.fields = domain::ProductValidator::validate(draft, std::move(errors));
  return product;
}

std::string ProductJson::encode(const domain::Product& product) {
  std::string out;
  out.reserve(320);
  write_product(out, product);
  return out;
}

std::string ProductJson::encode(const domain::SearchPage& page) {
  std::string out;
  out.reserve(96 + page.products.size() * 320);
  fmt::format_to(std::back_inserter(out), R"({{"totalCount":{},"totalPages":{},"page":{},"size":{},"hasMore":{},"products":[)",
                 page.total_count, page.total_pages(), page.page, page.size, page.has_more());
  const char* separator = "";
  for (const auto& product : page.products) {
    out += separator;
    write_product(out, product);
    separator = ",";
  }
  out += "]}";
  return out;
}

}  // namespace products::adapters::json
