// The node kinds and fields the walker relies on exist in the pinned grammar,
// and the runtime accepts the grammar's ABI.
#include "Language.h"
#include <doctest/doctest.h>

using namespace lazycheck;

TEST_CASE("every symbol and field the walker uses exists in the grammar") {
  const Language &L = Language::get();
  for (const std::string &M : L.Missing)
    FAIL_CHECK("missing from tree-sitter-python: " << M);
  CHECK(L.Missing.empty());
  CHECK(L.ImportStatement != 0);
  CHECK(L.F.ModuleName != 0);
}

TEST_CASE("the runtime accepts the grammar's ABI") {
  uint32_t Version = ts_language_version(Language::get().TS);
  CHECK(Version >= TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION);
  CHECK(Version <= TREE_SITTER_LANGUAGE_VERSION);
  TSParser *P = ts_parser_new();
  CHECK(ts_parser_set_language(P, Language::get().TS));
  ts_parser_delete(P);
}
