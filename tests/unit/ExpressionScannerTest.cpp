#include "ExpressionScanner.h"
#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace lazycheck;

using Strings = std::vector<std::string>;

namespace {
/// scanStatement over the whole of Src, its reads and binds as text.
struct Scanned {
  bool Ok = false;
  bool Assigns = false;
  Strings Reads, Binds, Annotation;
};
} // namespace

static Scanned statement(const std::string &Src, bool MayAssign = true) {
  StatementScan S;
  Scanned Out;
  Out.Ok =
      scanStatement(Src, 0, static_cast<uint32_t>(Src.size()), MayAssign, S);
  if (!Out.Ok)
    return Out;
  Out.Assigns = S.Assigns;
  for (size_t I = 0; I < S.Reads.size(); ++I) {
    std::string Name = Src.substr(S.Reads[I].first, S.Reads[I].second);
    (I >= S.AnnotationBegin && I < S.AnnotationEnd ? Out.Annotation : Out.Reads)
        .push_back(Name);
  }
  for (auto [Start, Length] : S.Binds)
    Out.Binds.push_back(Src.substr(Start, Length));
  return Out;
}

TEST_CASE("statements that are one expression") {
  Scanned S = statement("f(a, key=b).c[d] == e");
  CHECK(S.Ok);
  CHECK(!S.Assigns);
  CHECK(S.Reads == Strings{"f", "a", "b", "d", "e"});
  CHECK(statement("a <= b != c >= d").Reads == Strings{"a", "b", "c", "d"});
  CHECK(statement("{k: v for k in x}").Ok == false); // a comprehension
  CHECK(statement("lambda: a").Ok == false);
  CHECK(statement("(y := a)").Ok == false);
  CHECK(statement("f'{a}'").Ok == false);
  // A docstring is skipped whole, escaped quotes and all.
  S = statement("\"\"\"doc \\\"\"\" still \"\" doc\"\"\" + a");
  CHECK(S.Ok);
  CHECK(S.Reads == Strings{"a"});
  CHECK(statement("'''unterminated").Ok == false);
}

TEST_CASE("assignments read lexically") {
  Scanned S = statement("x = y == z");
  CHECK(S.Ok);
  CHECK(S.Assigns);
  CHECK(S.Binds == Strings{"x"});
  CHECK(S.Reads == Strings{"y", "z"});

  S = statement("a, b, = f(c)");
  CHECK(S.Binds == Strings{"a", "b"});
  CHECK(S.Reads == Strings{"f", "c"});

  // A chain target reads its object (and subscripts), binds nothing.
  S = statement("self.items[key] = value");
  CHECK(S.Binds.empty());
  CHECK(S.Reads == Strings{"self", "key", "value"});

  // Augmented assignments read their target.
  S = statement("total += n");
  CHECK(S.Reads == Strings{"total", "n"});
  S = statement("a[i] >>= 1");
  CHECK(S.Reads == Strings{"a", "i"});

  // Annotations, with and without a value.
  S = statement("x: Dict[str, int] = {}");
  CHECK(S.Binds == Strings{"x"});
  CHECK(S.Annotation == Strings{"Dict", "str", "int"});
  CHECK(S.Reads.empty());
  S = statement("self.x: T");
  CHECK(S.Reads == Strings{"self"});
  CHECK(S.Annotation == Strings{"T"});
}

TEST_CASE("statements left to the syntax tree") {
  CHECK(!statement("a = b = c").Ok);     // chained
  CHECK(!statement("a, *b = c").Ok);     // starred
  CHECK(!statement("(a, b) = c").Ok);    // parenthesised targets
  CHECK(!statement("a.b, c = d").Ok);    // a chain in a target list
  CHECK(!statement("f = lambda: 0").Ok); // a lambda value
  CHECK(!statement("x = 1", false).Ok);  // after return, raise, assert
  CHECK(statement("x == 1", false).Ok);
}

TEST_CASE("lists of names") {
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 4> Names;
  std::string Src = "a, b ,c";
  CHECK(scanNameList(Src, 0, static_cast<uint32_t>(Src.size()), Names));
  CHECK(Names.size() == 3);
  Names.clear();
  Src = "a, b.c";
  CHECK(!scanNameList(Src, 0, static_cast<uint32_t>(Src.size()), Names));
  Names.clear();
  Src = "a, None";
  CHECK(!scanNameList(Src, 0, static_cast<uint32_t>(Src.size()), Names));
}
