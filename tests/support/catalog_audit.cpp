#include "support/catalog_audit.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "support/product_fixtures.hpp"
#include "support/test_env.hpp"

namespace products::testing {

namespace {

namespace bj = boost::json;

constexpr int kPageSize = 100;  // the largest page the API serves
constexpr std::size_t kSampledGets = 25;
constexpr std::size_t kMaxProblemsShown = 20;

std::optional<bj::object> search_page(const HttpClient& client, const std::string& word, int page, int size) {
  const auto result =
      client.get(fmt::format("/api/v1/products/search?search={}&page={}&size={}", query_encode(word), page, size));
  if (result.status != 200) return std::nullopt;
  return json_object(result.body);
}

std::int64_t total_of(const bj::object& page) {
  const auto* total = page.if_contains("totalCount");
  return total && total->is_int64() ? total->as_int64() : -1;
}

}  // namespace

std::string unique_search_word(const std::string& prefix) {
  auto word = unique_name(prefix);
  std::erase(word, '-');
  return word;
}

std::int64_t search_total(const HttpClient& client, const std::string& word) {
  const auto page = search_page(client, word, 1, 1);
  return page ? total_of(*page) : -1;
}

std::optional<std::vector<ListedProduct>> list_matching(const HttpClient& client, const std::string& word) {
  std::vector<ListedProduct> listed;
  std::int64_t total = -1;
  for (int page = 1; total < 0 || static_cast<std::int64_t>(page - 1) * kPageSize < total; ++page) {
    const auto body = search_page(client, word, page, kPageSize);
    if (!body) return std::nullopt;
    const auto page_total = total_of(*body);
    if (page_total < 0 || (total >= 0 && page_total != total)) return std::nullopt;
    total = page_total;
    const auto* products = body->if_contains("products");
    if (!products || !products->is_array()) return std::nullopt;
    for (const auto& product : products->as_array()) {
      if (!product.is_object()) return std::nullopt;
      listed.push_back({string_member(product.as_object(), "productId"), string_member(product.as_object(), "name")});
    }
    if (total == 0) break;
  }
  if (static_cast<std::int64_t>(listed.size()) != total || search_total(client, word) != total) return std::nullopt;
  return listed;
}

::testing::AssertionResult creates_stored_exactly_once(const HttpClient& reader, const std::string& word,
                                                       const CreateLedger& ledger, Unanswered unanswered,
                                                       std::chrono::milliseconds timeout) {
  const auto accepted = ledger.accepted();
  const auto no_answer = ledger.unanswered();
  const auto failed = ledger.failed();
  const auto rejected = ledger.rejected();
  const auto started = std::chrono::steady_clock::now();

  // Converged once a consistent listing holds every accepted create; creates in doubt may still
  // trickle in afterwards, which the checks below allow.
  std::optional<std::vector<ListedProduct>> listing;
  std::int64_t last_total = -1;
  const bool converged = wait_until(
      [&] {
        last_total = search_total(reader, word);
        if (last_total < static_cast<std::int64_t>(accepted.size())) return false;
        listing = list_matching(reader, word);
        if (!listing) return false;
        std::set<std::string> ids;
        for (const auto& product : *listing) ids.insert(product.id);
        for (const auto& [seq, id] : accepted) {
          if (!ids.contains(id)) return false;
        }
        return true;
      },
      // Each poll is a search that scans the collection (a substring match uses no index), on
      // FerretDB against the same SQLite file the consumer writes: polling faster slows down the
      // very consumer it waits for.
      timeout, std::chrono::seconds(2));
  const auto waited = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
  if (!converged) {
    return ::testing::AssertionFailure() << "after " << waited.count() << " s the search for '" << word
                                         << "' counts " << last_total << " products, expected every one of the "
                                         << accepted.size() << " accepted creates (" << ledger.summary() << ")";
  }

  std::vector<std::string> problems;
  std::map<std::string, int> times_listed;
  std::map<int, std::vector<std::string>> ids_of_seq;
  for (const auto& product : *listing) {
    ++times_listed[product.id];
    const int seq = load_product_seq(word, product.name);
    if (seq < 0) {
      problems.push_back(fmt::format("product {} has a name no create sent: '{}'", product.id, product.name));
      continue;
    }
    ids_of_seq[seq].push_back(product.id);
  }
  for (const auto& [id, times] : times_listed) {
    if (times > 1) problems.push_back(fmt::format("product {} is listed {} times across the pages", id, times));
  }
  for (const auto& [seq, ids] : ids_of_seq) {
    if (ids.size() > 1) problems.push_back(fmt::format("create {} is stored {} times", seq, ids.size()));
    const bool in_doubt = failed.contains(seq) || (unanswered == Unanswered::MayBeStored && no_answer.contains(seq));
    if (const auto it = accepted.find(seq); it != accepted.end()) {
      if (ids.front() != it->second) {
        problems.push_back(fmt::format("create {} was accepted as {} but is stored as {}", seq, it->second, ids.front()));
      }
    } else if (no_answer.contains(seq) && !in_doubt) {
      problems.push_back(fmt::format("create {} is stored although its request got no answer", seq));
    } else if (rejected.contains(seq)) {
      problems.push_back(fmt::format("create {} is stored although it was rejected: {}", seq, rejected.at(seq)));
    } else if (!in_doubt) {
      problems.push_back(fmt::format("create {} is stored but was never sent", seq));
    }
  }

  // Reading by id goes through the cache, a path the search does not take.
  const std::size_t step = std::max<std::size_t>(1, accepted.size() / kSampledGets);
  std::size_t index = 0;
  for (const auto& [seq, id] : accepted) {
    if (index++ % step != 0) continue;
    const auto result = reader.get(product_path(id));
    const auto body = result.status == 200 ? json_object(result.body) : std::nullopt;
    if (!body || string_member(*body, "productId") != id) {
      problems.push_back(fmt::format("GET of accepted create {} ({}) answered {} {}{}", seq, id, result.status,
                                     result.body, result.error));
    }
  }

  if (problems.empty()) {
    return ::testing::AssertionSuccess() << listing->size() << " products stored for " << accepted.size()
                                         << " accepted creates after " << waited.count() << " s";
  }
  auto failure = ::testing::AssertionFailure();
  failure << problems.size() << " problem(s) with " << listing->size() << " stored products and "
          << ledger.summary() << ":";
  for (std::size_t i = 0; i < problems.size() && i < kMaxProblemsShown; ++i) failure << "\n  " << problems[i];
  return failure;
}

}  // namespace products::testing
