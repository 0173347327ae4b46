#include "Source.h"
#include <doctest/doctest.h>

using namespace lazycheck;

TEST_CASE("coding cookies are found on the first two lines only") {
  CHECK(findCodingCookie("# -*- coding: latin-1 -*-\nx = 1\n") == "latin-1");
  CHECK(findCodingCookie(
            "#!/usr/bin/python\n# vim: set fileencoding=UTF_8 :\n") == "utf-8");
  CHECK(findCodingCookie("x = 1\n# coding: latin-1\n") == "");
  CHECK(findCodingCookie("\n\n# coding: latin-1\n") == "");
  CHECK(findCodingCookie("import x\n") == "");
}

TEST_CASE("decoding") {
  DiagnosticList Diags;
  SUBCASE("a BOM is dropped") {
    CHECK(decodeSource("\xEF\xBB\xBFimport x\n", "f.py", Diags) ==
          "import x\n");
    CHECK(Diags.empty());
  }
  SUBCASE("latin-1 is transcoded") {
    std::string Out =
        decodeSource("# coding: latin-1\ns = '\xE9'\n", "f.py", Diags);
    CHECK(Out == "# coding: latin-1\ns = '\xC3\xA9'\n");
    CHECK(Diags.empty());
  }
  SUBCASE("invalid UTF-8 is reported with its position and replaced") {
    std::string Out = decodeSource("x = 1\ny = '\xFF'\n", "f.py", Diags);
    REQUIRE(Diags.size() == 1);
    CHECK(Diags[0].Rule == RuleId::LC002);
    CHECK(Diags[0].Line == 2);
    CHECK(Diags[0].Col == 6);
    CHECK(Out == "x = 1\ny = '\xEF\xBF\xBD'\n");
  }
  SUBCASE("NUL bytes are reported") {
    decodeSource(llvm::StringRef("x = 1\0\n", 7), "f.py", Diags);
    REQUIRE(Diags.size() == 1);
    CHECK(Diags[0].Message.find("NUL") != std::string::npos);
  }
  SUBCASE("an unsupported encoding is reported and read as UTF-8") {
    std::string Out = decodeSource("# coding: euc-jp\nx = 1\n", "f.py", Diags);
    REQUIRE(Diags.size() == 1);
    CHECK(Diags[0].Message.find("euc-jp") != std::string::npos);
    CHECK(Out == "# coding: euc-jp\nx = 1\n");
  }
}
