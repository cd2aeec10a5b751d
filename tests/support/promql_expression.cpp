#include "support/promql_expression.hpp"

#include <cctype>
#include <string_view>

namespace products::testing {

namespace {

bool identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
bool identifier_char(char c) { return identifier_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

// Aggregations may put their by/without clause between their name and their parenthesis
// (`sum by (le) (…)`), so they are told from metric names by name, not by a following `(`.
const std::set<std::string_view> kAggregations = {"sum",    "min",    "max",      "avg",  "group",
                                                  "stddev", "stdvar", "count",    "count_values",
                                                  "bottomk", "topk",  "quantile", "limitk", "limit_ratio"};
const std::set<std::string_view> kGroupings = {"by", "without", "on", "ignoring", "group_left", "group_right"};
const std::set<std::string_view> kOperators = {"and", "or", "unless", "bool", "offset", "atan2"};

// A Grafana variable reference, `$name` or `${name}`, starting at `text[dollar]`.
struct Reference {
  std::string name;
  std::size_t end;  // one past its last character
};

Reference reference_at(std::string_view text, std::size_t dollar) {
  const bool braced = dollar + 1 < text.size() && text[dollar + 1] == '{';
  const auto start = dollar + (braced ? 2 : 1);
  auto end = start;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
  Reference reference{std::string(text.substr(start, end - start)), end};
  if (braced && end < text.size() && text[end] == '}') ++reference.end;
  return reference;
}

// Walks the text once, token by token.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  void skip() { ++pos_; }

  void skip_spaces() {
    while (!done() && std::isspace(static_cast<unsigned char>(peek()))) ++pos_;
  }

  std::string identifier() {
    const auto start = pos_;
    while (!done() && identifier_char(peek())) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  // A quoted string, the opening quote under the cursor; the cursor ends past the closing one.
  void skip_string() {
    const char quote = peek();
    for (++pos_; !done() && peek() != quote; ++pos_) {
      if (peek() == '\\' && quote != '`') ++pos_;
    }
    ++pos_;
  }

  // Past the first `close`, e.g. the end of a range `[5m]`.
  void skip_past(char close) {
    while (!done() && peek() != close) ++pos_;
    ++pos_;
  }

  void skip_to(std::size_t pos) { pos_ = pos; }
  std::size_t position() const noexcept { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// The label names in a matcher list `{…}` or a grouping list `(…)`, its opening bracket under the
// cursor; the cursor ends past the closing one.
std::vector<std::string> label_names(Scanner& scanner, char close) {
  std::vector<std::string> names;
  scanner.skip();
  while (!scanner.done() && scanner.peek() != close) {
    const char c = scanner.peek();
    if (identifier_start(c)) {
      names.push_back(scanner.identifier());
    } else if (c == '"' || c == '\'' || c == '`') {
      scanner.skip_string();
    } else {
      scanner.skip();
    }
  }
  scanner.skip();
  return names;
}

}  // namespace

PromqlExpression::PromqlExpression(std::string text) : text_(std::move(text)) {
  // Variables stand anywhere, label values and ranges included.
  for (auto dollar = text_.find('$'); dollar != std::string::npos; dollar = text_.find('$', dollar + 1)) {
    variables_.insert(reference_at(text_, dollar).name);
  }
  Scanner scanner(text_);
  while (!scanner.done()) {
    const char c = scanner.peek();
    if (c == '"' || c == '\'' || c == '`') {
      scanner.skip_string();
    } else if (c == '[') {
      scanner.skip_past(']');  // a range or subquery duration
    } else if (c == '$') {
      scanner.skip_to(reference_at(text_, scanner.position()).end);
    } else if (c == '{') {
      selectors_.push_back({"", label_names(scanner, '}')});
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      while (!scanner.done() && (identifier_char(scanner.peek()) || scanner.peek() == '.')) scanner.skip();
    } else if (identifier_start(c)) {
      const auto word = scanner.identifier();
      scanner.skip_spaces();
      if (kGroupings.count(word)) {
        if (scanner.peek() == '(') {
          for (auto& label : label_names(scanner, ')')) grouping_labels_.insert(std::move(label));
        }
      } else if (!kAggregations.count(word) && !kOperators.count(word) && scanner.peek() != '(') {
        selectors_.push_back({word, scanner.peek() == '{' ? label_names(scanner, '}') : std::vector<std::string>{}});
      }
    } else {
      scanner.skip();
    }
  }
}

PromqlExpression PromqlExpression::with(const std::map<std::string, std::string>& values) const {
  std::string out;
  std::size_t copied = 0;
  for (auto dollar = text_.find('$'); dollar != std::string::npos; dollar = text_.find('$', copied)) {
    const auto reference = reference_at(text_, dollar);
    const auto value = values.find(reference.name);
    out += text_.substr(copied, dollar - copied);
    out += value == values.end() ? text_.substr(dollar, reference.end - dollar) : value->second;
    copied = reference.end;
  }
  out += text_.substr(copied);
  return PromqlExpression(std::move(out));
}

}  // namespace products::testing
