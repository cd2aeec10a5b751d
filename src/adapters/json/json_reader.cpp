#include "adapters/json/json_reader.hpp"

#include <charconv>
#include <cstdint>
#include <string>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

namespace products::adapters::json {

namespace bj = boost::json;

namespace {

// Builds the value as Boost.JSON's own parser does (on a value_stack); only on_double differs.
class PreciseHandler {
 public:
  static constexpr std::size_t max_object_size = bj::object::max_size();
  static constexpr std::size_t max_array_size = bj::array::max_size();
  static constexpr std::size_t max_key_size = bj::string::max_size();
  static constexpr std::size_t max_string_size = bj::string::max_size();

  bj::value_stack& stack() { return stack_; }

  bool on_document_begin(bj::error_code&) { return true; }
  bool on_document_end(bj::error_code&) { return true; }
  bool on_object_begin(bj::error_code&) { return true; }
  bool on_object_end(std::size_t size, bj::error_code&) {
    stack_.push_object(size);
    return true;
  }
  bool on_array_begin(bj::error_code&) { return true; }
  bool on_array_end(std::size_t size, bj::error_code&) {
    stack_.push_array(size);
    return true;
  }
  bool on_key_part(bj::string_view part, std::size_t, bj::error_code&) {
    stack_.push_chars(part);
    return true;
  }
  bool on_key(bj::string_view last, std::size_t, bj::error_code&) {
    stack_.push_key(last);
    return true;
  }
  bool on_string_part(bj::string_view part, std::size_t, bj::error_code&) {
    stack_.push_chars(part);
    return true;
  }
  bool on_string(bj::string_view last, std::size_t, bj::error_code&) {
    stack_.push_string(last);
    return true;
  }
  // Parts come only from a document fed in pieces; JsonReader feeds it whole, so `last` of
  // on_double is the number's whole text. Kept for completeness of the parser's contract.
  bool on_number_part(bj::string_view part, bj::error_code&) {
    number_.append(part.data(), part.size());
    return true;
  }
  bool on_int64(std::int64_t value, bj::string_view, bj::error_code&) {
    number_.clear();
    stack_.push_int64(value);
    return true;
  }
  bool on_uint64(std::uint64_t value, bj::string_view, bj::error_code&) {
    number_.clear();
    stack_.push_uint64(value);
    return true;
  }
  bool on_double(double approximate, bj::string_view last, bj::error_code&) {
    std::string_view text(last.data(), last.size());
    if (!number_.empty()) text = number_.append(last.data(), last.size());
    double exact = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), exact);
    // Out of double's range from_chars refuses, and Boost.JSON's ±infinity stands.
    stack_.push_double(error == std::errc() && end == text.data() + text.size() ? exact : approximate);
    number_.clear();
    return true;
  }
  bool on_bool(bool value, bj::error_code&) {
    stack_.push_bool(value);
    return true;
  }
  bool on_null(bj::error_code&) {
    stack_.push_null();
    return true;
  }
  bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
  bool on_comment(bj::string_view, bj::error_code&) { return true; }

 private:
  bj::value_stack stack_;
  std::string number_;
};

}  // namespace

bj::value JsonReader::parse(std::string_view text, boost::system::error_code& error) {
  bj::basic_parser<PreciseHandler> parser(bj::parse_options{});
  parser.handler().stack().reset();
  const auto read = parser.write_some(false, text.data(), text.size(), error);
  if (!error && read < text.size()) error = bj::error::extra_data;
  if (error) return nullptr;
  return parser.handler().stack().release();
}

}  // namespace products::adapters::json
