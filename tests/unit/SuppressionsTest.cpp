#include "Suppressions.h"
#include "TempTree.h"
#include <doctest/doctest.h>

using namespace lazycheck;

TEST_CASE("line suppressions") {
  FileSuppressions S(
      "import a  # lazycheck: ignore[LC101]\n"                // 1
      "import b  # lazycheck: ignore[LC101, LC2]\n"           // 2
      "import c  # lazycheck: ignore\n"                       // 3
      "import d  # noqa: LC301\n"                             // 4
      "import e  # noqa: LC301,E501\n"                        // 5
      "import f  # noqa\n"                                    // 6
      "import g  # noqa: F401\n"                              // 7
      "import h  # noqa: F401  # lazycheck: ignore[LC301]\n"  // 8
      "import i  #lazycheck:ignore[side-effect-import] why\n" // 9
      "import j  # lazycheck: ignored\n"                      // 10
      "import k  # lazycheck: ignore[LC301\n"                 // 11
      "import l  # NOQA:LC3 E501\n"                           // 12
      "import m  # lazycheck: ignore[LC999, LC305]\n"         // 13
      "import n  # lazycheck: ignore -- reason\n");           // 14
  CHECK(S.suppresses(1, RuleId::LC101));
  CHECK(!S.suppresses(1, RuleId::LC102));
  CHECK(!S.suppresses(2, RuleId::LC102));
  CHECK(S.suppresses(2, RuleId::LC101));
  CHECK(S.suppresses(2, RuleId::LC201));
  CHECK(S.suppresses(2, RuleId::LC205));
  CHECK(S.suppresses(3, RuleId::LC001));
  CHECK(S.suppresses(3, RuleId::LC305));
  CHECK(S.suppresses(4, RuleId::LC301));
  CHECK(!S.suppresses(4, RuleId::LC302));
  CHECK(S.suppresses(5, RuleId::LC301));
  // A bare noqa or one listing only other tools' codes is not for us.
  CHECK(!S.suppresses(6, RuleId::LC301));
  CHECK(!S.suppresses(7, RuleId::LC301));
  CHECK(S.suppresses(8, RuleId::LC301));
  CHECK(S.suppresses(9, RuleId::LC301));
  CHECK(!S.suppresses(9, RuleId::LC302));
  CHECK(!S.suppresses(10, RuleId::LC301));
  CHECK(!S.suppresses(11, RuleId::LC301));
  CHECK(S.suppresses(12, RuleId::LC302));
  CHECK(!S.suppresses(12, RuleId::LC101));
  CHECK(S.suppresses(13, RuleId::LC305));
  CHECK(!S.suppresses(13, RuleId::LC304));
  CHECK(S.suppresses(14, RuleId::LC101));
  // Other lines and the whole file are untouched.
  CHECK(!S.suppresses(15, RuleId::LC101));
  CHECK(!S.suppresses(0, RuleId::LC101));
}

TEST_CASE("only real comments count") {
  FileSuppressions S("x = '# lazycheck: ignore'\n"                     // 1
                     "y = \"# noqa: LC101\"  # real comment\n"         // 2
                     "z = 'it\\'s # lazycheck: ignore'\n"              // 3
                     "doc = \"\"\"\n"                                  // 4
                     "# lazycheck: ignore-file\n"                      // 5
                     "x = 1  # lazycheck: ignore\n"                    // 6
                     "\"\"\"\n"                                        // 7
                     "w = '''a''' + \"b\"  # lazycheck: ignore[LC1]\n" // 8
                     "s = r'\\' # lazycheck: ignore'\n"                // 9
                     "e = ''  # lazycheck: ignore[LC2]\n"              // 10
                     "u = 'unterminated # lazycheck: ignore\n"         // 11
                     "v = 1  # lazycheck: ignore[LC3]\n");             // 12
  CHECK(!S.suppresses(1, RuleId::LC101));
  CHECK(!S.suppresses(2, RuleId::LC101));
  CHECK(!S.suppresses(3, RuleId::LC101));
  CHECK(!S.suppresses(5, RuleId::LC101));
  CHECK(!S.suppresses(0, RuleId::LC101)); // not an ignore-file
  CHECK(!S.suppresses(6, RuleId::LC101));
  CHECK(S.suppresses(8, RuleId::LC101));
  CHECK(!S.suppresses(9, RuleId::LC101));
  CHECK(S.suppresses(10, RuleId::LC201));
  CHECK(!S.suppresses(11, RuleId::LC101));
  // The line after an unterminated string is read normally.
  CHECK(S.suppresses(12, RuleId::LC301));
}

TEST_CASE("file suppressions") {
  SUBCASE("ignore-file on its own line silences everything") {
    FileSuppressions S("import a\n\n    # lazycheck: ignore-file\nx = 1\n");
    CHECK(S.suppresses(1, RuleId::LC101));
    CHECK(S.suppresses(4, RuleId::LC305));
    CHECK(S.suppresses(0, RuleId::LC001));
  }
  SUBCASE("with codes, only those") {
    FileSuppressions S("# lazycheck: ignore-file[LC3]\n"
                       "# lazycheck: ignore-file[LC101]\nimport a\n");
    CHECK(S.suppresses(3, RuleId::LC301));
    CHECK(S.suppresses(0, RuleId::LC305));
    CHECK(S.suppresses(3, RuleId::LC101));
    CHECK(!S.suppresses(3, RuleId::LC102));
  }
  SUBCASE("after code on the same line it does nothing") {
    FileSuppressions S("import a  # lazycheck: ignore-file\n");
    CHECK(!S.suppresses(1, RuleId::LC301));
    CHECK(!S.suppresses(0, RuleId::LC301));
  }
  SUBCASE("a BOM before it is fine") {
    FileSuppressions S("\xEF\xBB\xBF# lazycheck: ignore-file\n");
    CHECK(S.suppresses(1, RuleId::LC301));
  }
  SUBCASE("ignore-files is not ignore-file") {
    FileSuppressions S("# lazycheck: ignore-files\nimport a\n");
    CHECK(!S.suppresses(2, RuleId::LC301));
  }
  SUBCASE("CRLF line ends") {
    FileSuppressions S("import a\r\nimport b  # noqa: LC301\r\n");
    CHECK(!S.suppresses(1, RuleId::LC301));
    CHECK(S.suppresses(2, RuleId::LC301));
  }
}

TEST_CASE("Suppressions reads files on demand and counts") {
  TempTree T;
  std::string A = T.file("a.py", "import x  # lazycheck: ignore[LC301]\n");
  Suppressions S;
  CHECK(S.isSuppressed(A, 1, RuleId::LC301));
  CHECK(!S.isSuppressed(A, 1, RuleId::LC302));
  CHECK(!S.isSuppressed(A, 2, RuleId::LC301));
  CHECK(S.suppressedCount() == 1);
  // Cached: a change on disk is not seen.
  T.file("a.py", "import x\n");
  CHECK(S.isSuppressed(A, 1, RuleId::LC301));
  CHECK(S.suppressedCount() == 2);
  // Unreadable: nothing suppressed.
  CHECK(!S.isSuppressed(T.path("missing.py"), 1, RuleId::LC301));
  CHECK(!S.isSuppressed(T.Root, 1, RuleId::LC301)); // a directory
  // Text given directly replaces the file's.
  S.setSource(A, "# lazycheck: ignore-file[LC1]\n");
  CHECK(!S.isSuppressed(A, 1, RuleId::LC301));
  CHECK(S.isSuppressed(A, 7, RuleId::LC104));
  CHECK(S.suppressedCount() == 3);
}
