#include "RuleSelection.h"
#include <doctest/doctest.h>
#include <optional>

using namespace lazycheck;

namespace {

RuleSelection make(std::vector<std::string> Select,
                   std::vector<std::string> Ignore,
                   std::vector<RuleSelection::PerFileIgnore> PerFile = {}) {
  llvm::Expected<RuleSelection> S =
      RuleSelection::create(Select, Ignore, PerFile);
  if (!S)
    FAIL(llvm::toString(S.takeError()));
  return std::move(*S);
}

std::string
createError(std::vector<std::string> Select, std::vector<std::string> Ignore,
            std::vector<RuleSelection::PerFileIgnore> PerFile = {}) {
  llvm::Expected<RuleSelection> S =
      RuleSelection::create(Select, Ignore, PerFile);
  if (S)
    return "";
  return llvm::toString(S.takeError());
}

} // namespace

TEST_CASE("selectors") {
  CHECK(isValidRuleSelector("ALL"));
  CHECK(isValidRuleSelector("all"));
  CHECK(isValidRuleSelector("LC101"));
  CHECK(isValidRuleSelector("lc101"));
  CHECK(isValidRuleSelector("LC1"));
  CHECK(isValidRuleSelector("LC10"));
  CHECK(isValidRuleSelector("LC"));
  CHECK(isValidRuleSelector("foreign-mutation"));
  CHECK(!isValidRuleSelector("LC9"));
  CHECK(!isValidRuleSelector("LC1011"));
  CHECK(!isValidRuleSelector("L"));
  CHECK(!isValidRuleSelector(""));
  CHECK(!isValidRuleSelector("E501"));
  CHECK(!isValidRuleSelector("foreign"));

  CHECK(ruleSelectorMatches("LC1", RuleId::LC101));
  CHECK(ruleSelectorMatches("LC10", RuleId::LC106));
  CHECK(!ruleSelectorMatches("LC10", RuleId::LC201));
  CHECK(ruleSelectorMatches("foreign-mutation", RuleId::LC101));
  CHECK(!ruleSelectorMatches("foreign-mutation", RuleId::LC102));
  CHECK(ruleSelectorMatches("ALL", RuleId::LC305));
  CHECK(!ruleSelectorMatches("bogus", RuleId::LC305));
}

TEST_CASE("default: everything on") {
  RuleSelection D;
  for (const RuleInfo &R : allRules())
    CHECK(D.enabled(R.Id));
  RuleSelection S = make({}, {});
  for (const RuleInfo &R : allRules())
    CHECK(S.enabled(R.Id));
}

TEST_CASE("select and ignore") {
  SUBCASE("a prefix selects its family") {
    RuleSelection S = make({"LC1"}, {});
    CHECK(S.enabled(RuleId::LC101));
    CHECK(S.enabled(RuleId::LC106));
    CHECK(!S.enabled(RuleId::LC201));
    CHECK(!S.enabled(RuleId::LC001));
  }
  SUBCASE("codes and names") {
    RuleSelection S = make({"LC201", "side-effect-import"}, {});
    CHECK(S.enabled(RuleId::LC201));
    CHECK(S.enabled(RuleId::LC301));
    CHECK(!S.enabled(RuleId::LC202));
  }
  SUBCASE("ignore subtracts") {
    RuleSelection S = make({}, {"LC3", "LC101"});
    CHECK(!S.enabled(RuleId::LC101));
    CHECK(S.enabled(RuleId::LC102));
    CHECK(!S.enabled(RuleId::LC301));
    CHECK(S.enabled(RuleId::LC201));
  }
  SUBCASE("the more specific selector wins") {
    RuleSelection S = make({"LC101"}, {"LC1"});
    CHECK(S.enabled(RuleId::LC101));
    CHECK(!S.enabled(RuleId::LC102));
    S = make({"LC1"}, {"LC10"});
    CHECK(!S.enabled(RuleId::LC101));
    S = make({"LC10"}, {"ALL"});
    CHECK(S.enabled(RuleId::LC105));
    CHECK(!S.enabled(RuleId::LC201));
  }
  SUBCASE("on a tie, ignore wins") {
    RuleSelection S = make({"LC101"}, {"foreign-mutation"});
    CHECK(!S.enabled(RuleId::LC101));
    S = make({"ALL"}, {"ALL"});
    CHECK(!S.enabled(RuleId::LC101));
  }
}

TEST_CASE("per-file-ignores") {
  RuleSelection S = make({}, {"LC305"},
                         {{"tests/*", {"LC1"}},
                          {"conftest.py", {"ALL"}},
                          {"**/migrations/*.py", {"LC201"}},
                          {"./scripts/{a,b}.py", {"LC203"}},
                          {"legacy/[0-9]*.py", {"foreign-mutation"}}});
  // Globs with '/' match the relative path ('*' crosses directories).
  CHECK(!S.enabledFor(RuleId::LC101, "tests/test_a.py"));
  CHECK(!S.enabledFor(RuleId::LC101, "tests/sub/test_a.py"));
  CHECK(S.enabledFor(RuleId::LC201, "tests/test_a.py"));
  CHECK(S.enabledFor(RuleId::LC101, "src/tests/test_a.py"));
  CHECK(S.enabledFor(RuleId::LC101, "./src/a.py"));
  CHECK(!S.enabledFor(RuleId::LC101, "./tests/a.py"));
  // Without '/', the file name matches too.
  CHECK(!S.enabledFor(RuleId::LC201, "conftest.py"));
  CHECK(!S.enabledFor(RuleId::LC201, "pkg/sub/conftest.py"));
  CHECK(S.enabledFor(RuleId::LC201, "pkg/sub/conftest_x.py"));
  // "**/" also matches at the top.
  CHECK(!S.enabledFor(RuleId::LC201, "migrations/0001.py"));
  CHECK(!S.enabledFor(RuleId::LC201, "app/migrations/0001.py"));
  CHECK(S.enabledFor(RuleId::LC201, "app/migrationsx/0001.py"));
  // Braces, a leading "./".
  CHECK(!S.enabledFor(RuleId::LC203, "scripts/a.py"));
  CHECK(!S.enabledFor(RuleId::LC203, "scripts/b.py"));
  CHECK(S.enabledFor(RuleId::LC203, "scripts/c.py"));
  // Character classes.
  CHECK(!S.enabledFor(RuleId::LC101, "legacy/1x.py"));
  CHECK(S.enabledFor(RuleId::LC101, "legacy/x1.py"));
  // Globally ignored stays ignored.
  CHECK(!S.enabledFor(RuleId::LC305, "src/a.py"));
  CHECK(S.enabledFor(RuleId::LC304, "src/a.py"));

  // A copy keeps working after the original is gone.
  std::optional<RuleSelection> Copy;
  {
    RuleSelection Tmp = make({}, {}, {{"a*", {"LC1"}}, {"exact.py", {"LC2"}}});
    Copy = Tmp;
  }
  CHECK(!Copy->enabledFor(RuleId::LC101, "abc.py"));
  CHECK(!Copy->enabledFor(RuleId::LC201, "exact.py"));
  CHECK(Copy->enabledFor(RuleId::LC201, "exact.pyi"));
}

TEST_CASE("unknown selectors and bad globs are errors that name them") {
  std::string E = createError({"LC1", "LC9"}, {});
  CHECK(E.find("unknown rule selector 'LC9' in select") != std::string::npos);
  E = createError({}, {"foreign-mutations"});
  CHECK(E.find("'foreign-mutations' in ignore") != std::string::npos);
  E = createError({}, {}, {{"tests/*", {"F401"}}});
  CHECK(E.find("'F401' in per-file-ignores for 'tests/*'") !=
        std::string::npos);
  E = createError({}, {}, {{"tests/[a", {"LC1"}}});
  CHECK(E.find("invalid glob 'tests/[a'") != std::string::npos);
  E = createError({}, {}, {{"", {"LC1"}}});
  CHECK(E.find("empty glob") != std::string::npos);
}
