#include "support/promql_expression.hpp"

#include <gtest/gtest.h>

namespace products::testing {
namespace {

using Labels = std::vector<std::string>;

TEST(PromqlExpressionTest, FindsTheSelectorsTheirMatcherLabelsAndTheGroupingLabels) {
  const PromqlExpression expr(
      "histogram_quantile(0.95, sum by (le, route) (rate(http_bucket{job=\"$job\", status=~\"5..\"}[$__rate_interval])))");
  ASSERT_EQ(expr.selectors().size(), 1u);
  EXPECT_EQ(expr.selectors()[0].metric, "http_bucket");
  EXPECT_EQ(expr.selectors()[0].labels, (Labels{"job", "status"}));
  EXPECT_EQ(expr.grouping_labels(), (std::set<std::string>{"le", "route"}));
  EXPECT_EQ(expr.variables(), (std::set<std::string>{"job", "__rate_interval"}));
}

TEST(PromqlExpressionTest, TellsFunctionsAggregationsAndOperatorsFromMetrics) {
  const PromqlExpression expr(
      "(sum(rate(a_total{x=\"1\"}[5m])) or vector(0)) / sum without (instance) (b) and on (topic) c offset 5m");
  ASSERT_EQ(expr.selectors().size(), 3u);
  EXPECT_EQ(expr.selectors()[0].metric, "a_total");
  EXPECT_EQ(expr.selectors()[0].labels, Labels{"x"});
  EXPECT_EQ(expr.selectors()[1].metric, "b");
  EXPECT_TRUE(expr.selectors()[1].labels.empty());
  EXPECT_EQ(expr.selectors()[2].metric, "c");
  EXPECT_EQ(expr.grouping_labels(), (std::set<std::string>{"instance", "topic"}));
}

TEST(PromqlExpressionTest, IgnoresWhatLabelValuesSay) {
  const PromqlExpression expr("a{name=\"sum by (x) {y}\", other='z\\'w'}");
  ASSERT_EQ(expr.selectors().size(), 1u);
  EXPECT_EQ(expr.selectors()[0].labels, (Labels{"name", "other"}));
  EXPECT_TRUE(expr.grouping_labels().empty());
}

TEST(PromqlExpressionTest, SubstitutesTheVariablesItIsGivenAndKeepsTheOthers) {
  const PromqlExpression expr("rate(a{job=\"$job\", instance=~\"${instance}\", x=\"$other\"}[$__rate_interval])");
  const auto resolved = expr.with({{"job", "products-service"}, {"instance", "127.0.0.1:7070"}, {"__rate_interval", "1m"}});
  EXPECT_EQ(resolved.text(), "rate(a{job=\"products-service\", instance=~\"127.0.0.1:7070\", x=\"$other\"}[1m])");
  EXPECT_EQ(resolved.variables(), std::set<std::string>{"other"});
}

}  // namespace
}  // namespace products::testing
