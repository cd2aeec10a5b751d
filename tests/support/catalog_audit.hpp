#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/create_load.hpp"
#include "support/http_client.hpp"

namespace products::testing {

// A word only one test's products carry (letters and digits), so that a search finds exactly them.
std::string unique_search_word(const std::string& prefix);

// totalCount of the search for `word`, or -1 when the search did not answer 200.
std::int64_t search_total(const HttpClient& client, const std::string& word);

struct ListedProduct {
  std::string id;
  std::string name;
};

// Every product the search for `word` finds, read page by page; nullopt when a page failed or
// the count moved while reading (a consumer still applying), since pages would then overlap.
std::optional<std::vector<ListedProduct>> list_matching(const HttpClient& client, const std::string& word);

// Whether a create whose client got no answer at all may be in the catalog: after a crash it may
// (the command reached Kafka, the 202 did not reach the client); after a graceful stop a request
// is either answered or never read.
enum class Unanswered { MustBeAbsent, MayBeStored };

// Waits up to `timeout` for the catalog (read through `reader`) to hold every create the ledger
// saw accepted, then checks the exactly-once outcome: each accepted create stored once, under the
// id its 202 named; nothing else stored but creates the client could not know the outcome of
// (a 5xx, or per `unanswered`); no product listed twice; a sample of accepted ids GETs 200.
::testing::AssertionResult creates_stored_exactly_once(const HttpClient& reader, const std::string& word,
                                                       const CreateLedger& ledger, Unanswered unanswered,
                                                       std::chrono::milliseconds timeout);

}  // namespace products::testing
