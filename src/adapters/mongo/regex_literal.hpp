#pragma once

#include <string>
#include <string_view>

namespace products::adapters::mongo {

// A regular expression that matches `text` literally, for both PCRE (MongoDB) and RE2/Go
// (MongoDB-wire servers such as FerretDB): every metacharacter is escaped, and NUL, which a BSON
// regex cannot hold, is written as \x00. User input only ever reaches a query through this.
std::string escape_regex(std::string_view text);

}  // namespace products::adapters::mongo
