#pragma once

#include <string_view>

#include <boost/json/value.hpp>

namespace products::adapters::json {

// Boost.JSON's parse, with numbers read correctly rounded. Boost.JSON 1.81 (Debian 12's; a
// precise mode came in 1.83) reads about one double in nine written with 17 significant digits
// one or two units in the last place off, so a price would change on its way from a client
// through Kafka and the cache. Here each number with a fraction or an exponent is read again from
// its own text by std::from_chars, which rounds correctly; the rest is Boost.JSON's parser.
class JsonReader {
 public:
  // The document in `text`, or an error (syntax, extra data after it, nesting deeper than 32).
  static boost::json::value parse(std::string_view text, boost::system::error_code& error);
};

}  // namespace products::adapters::json
