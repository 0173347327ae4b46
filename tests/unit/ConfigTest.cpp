#include "Config.h"
#include "TempTree.h"
#include <doctest/doctest.h>

using namespace lazycheck;

namespace {

/// The error loading Text as T's pyproject.toml, "" on success.
std::string loadError(TempTree &T, const std::string &Text) {
  std::string P = T.file("pyproject.toml", Text);
  llvm::Expected<Config> C = loadConfig(P);
  if (C)
    return "";
  std::string E = llvm::toString(C.takeError());
  // Drop the temporary directory from the message.
  if (llvm::StringRef(E).startswith(P))
    E = "pyproject.toml" + E.substr(P.size());
  return E;
}

} // namespace

TEST_CASE("findConfig walks up to the nearest [tool.lazycheck]") {
  TempTree T;
  T.file("pyproject.toml", "[tool.lazycheck]\nselect = [\"LC1\"]\n");
  T.file("pkg/pyproject.toml", "[project]\nname = \"pkg\"\n"); // not ours
  T.file("pkg/sub/mod.py", "import x\n");
  T.file("other/pyproject.toml", "[tool.lazycheck.per-file-ignores]\n");
  T.file("broken/pyproject.toml", "[tool.lazycheck\n");
  T.file("broken2/pyproject.toml", "[tool.ruff\n");
  T.dir("broken2/x");

  std::optional<std::string> C = findConfig(T.path("pkg/sub/mod.py"));
  REQUIRE(C);
  CHECK(*C == T.path("pyproject.toml"));
  CHECK(findConfig(T.path("pkg/sub")) == T.path("pyproject.toml"));
  CHECK(findConfig(T.path("pkg/sub/../sub/mod.py")) ==
        T.path("pyproject.toml"));
  CHECK(findConfig(T.path("other")) == T.path("other/pyproject.toml"));
  // Invalid TOML that mentions lazycheck is found (loadConfig reports it);
  // other invalid files are passed over.
  CHECK(findConfig(T.path("broken")) == T.path("broken/pyproject.toml"));
  CHECK(findConfig(T.path("broken2/x")) == T.path("pyproject.toml"));
  // A path that does not exist (yet) starts from its parent.
  CHECK(findConfig(T.path("pkg/new.py")) == T.path("pyproject.toml"));

  TempTree Empty;
  Empty.file("pyproject.toml", "[tool.black]\n");
  // Only the filesystem root remains above; nothing there in a sane setup.
  std::optional<std::string> None = findConfig(Empty.Root);
  if (None)
    CHECK(llvm::StringRef(*None).startswith(Empty.Root) == false);
}

TEST_CASE("loadConfig reads every key") {
  TempTree T;
  std::string P = T.file("proj/pyproject.toml", R"(
[project]
name = "x"

[tool.lazycheck]
roots = ["src", "/abs/lib"]
exclude = ["build", "*_pb2.py"]
select = ["ALL"]
ignore = ["LC305", "wasted-laziness"]
fail-on = "error"
python = "none"

[tool.lazycheck.per-file-ignores]
"tests/**" = ["LC1"]
"conftest.py" = ["ALL", "LC2"]

[tool.lazycheck.knowledge.calls]
"myapp.setup_logging" = { rule = "LC104", what = "configures logging" }

[tool.lazycheck.knowledge.methods]
registration = ["subscribe"]
)");
  llvm::Expected<Config> C = loadConfig(P);
  REQUIRE_MESSAGE(static_cast<bool>(C), llvm::toString(C.takeError()));
  CHECK(C->Path == P);
  CHECK(C->Dir == T.path("proj"));
  CHECK(C->Roots == std::vector<std::string>{"src", "/abs/lib"});
  CHECK(C->Exclude == std::vector<std::string>{"build", "*_pb2.py"});
  CHECK(C->Select == std::vector<std::string>{"ALL"});
  CHECK(C->Ignore == std::vector<std::string>{"LC305", "wasted-laziness"});
  CHECK(C->FailOn == "error");
  CHECK(C->Python == "none");
  REQUIRE(C->PerFileIgnores.size() == 2);
  CHECK(C->PerFileIgnores[0].first == "conftest.py"); // tables are sorted
  CHECK(C->PerFileIgnores[0].second == std::vector<std::string>{"ALL", "LC2"});
  CHECK(C->PerFileIgnores[1].first == "tests/**");
  CHECK(C->PerFileIgnores[1].second == std::vector<std::string>{"LC1"});
  CHECK(C->resolve("src") == T.path("proj/src"));
  CHECK(C->resolve("../x/./y") == T.path("x/y"));
  CHECK(C->resolve("/abs/lib") == "/abs/lib");

  REQUIRE(C->KnowledgeTable);
  Knowledge K;
  llvm::Error E = C->mergeKnowledgeInto(K);
  REQUIRE_MESSAGE(!E, llvm::toString(std::move(E)));
  REQUIRE(K.call("myapp.setup_logging"));
  CHECK(K.call("myapp.setup_logging")->Rule == RuleId::LC104);
  CHECK(K.isRegistrationMethod("subscribe"));

  // Merging over the built-in catalogue.
  llvm::Expected<Knowledge> B = Knowledge::builtin();
  REQUIRE(static_cast<bool>(B));
  size_t Before = B->calls().size();
  E = C->mergeKnowledgeInto(*B);
  REQUIRE(!E);
  CHECK(B->calls().size() == Before + 1);

  // A copy of the Config keeps the knowledge table alive.
  Config Copy = *C;
  C = llvm::Expected<Config>(Config());
  Knowledge K2;
  E = Copy.mergeKnowledgeInto(K2);
  REQUIRE(!E);
  CHECK(K2.call("myapp.setup_logging"));
}

TEST_CASE("a pyproject.toml without [tool.lazycheck] gives defaults") {
  TempTree T;
  std::string P = T.file("pyproject.toml", "[tool.ruff]\nselect = [1]\n");
  llvm::Expected<Config> C = loadConfig(P);
  REQUIRE(static_cast<bool>(C));
  CHECK(C->Path == P);
  CHECK(C->Dir == T.Root);
  CHECK(C->Select.empty());
  CHECK(!C->FailOn);
  CHECK(!C->KnowledgeTable);
  Knowledge K;
  CHECK(!C->mergeKnowledgeInto(K));
  CHECK(C->resolve("a") == T.path("a"));
  CHECK(Config().resolve("a") == "a");
}

TEST_CASE("loadConfig errors") {
  TempTree T;
  CHECK(loadError(T, "[tool.lazycheck]\nselct = [\"LC1\"]\n") ==
        "pyproject.toml:2:1: unknown key 'selct' in [tool.lazycheck]; did "
        "you mean 'select'?");
  CHECK(loadError(T, "[tool.lazycheck]\nbogus = 1\n") ==
        "pyproject.toml:2:1: unknown key 'bogus' in [tool.lazycheck]");
  CHECK(loadError(T, "[tool.lazycheck]\nfail_on = \"error\"\n")
            .find("did you mean 'fail-on'?") != std::string::npos);
  // Syntax errors carry line:col from toml++.
  std::string E = loadError(T, "[tool.lazycheck]\nselect = [\"LC1\"\n");
  CHECK(llvm::StringRef(E).startswith("pyproject.toml:"));
  CHECK(llvm::StringRef(E).drop_front(15).front() >= '1');
  E = loadError(T, "[tool.lazycheck]\nx = = 1\n");
  CHECK(llvm::StringRef(E).startswith("pyproject.toml:2:"));

  CHECK(loadError(T, "[tool.lazycheck]\nselect = \"LC1\"\n") ==
        "pyproject.toml:2:10: 'select' in [tool.lazycheck] must be an array "
        "of strings");
  CHECK(loadError(T, "[tool.lazycheck]\nroots = [\"a\", 2]\n") ==
        "pyproject.toml:2:15: 'roots' in [tool.lazycheck] must be an array "
        "of strings");
  CHECK(loadError(T, "[tool.lazycheck]\nignore = [\"LC1\", \"LC9\"]\n")
            .find("pyproject.toml:2:18: unknown rule selector 'LC9' in "
                  "'ignore' in [tool.lazycheck]") == 0);
  CHECK(loadError(T, "[tool.lazycheck]\nfail-on = \"warn\"\n") ==
        "pyproject.toml:2:11: 'fail-on' in [tool.lazycheck] must be one of "
        "error, warning, info, never (got 'warn')");
  CHECK(loadError(T, "[tool.lazycheck]\npython = 3\n") ==
        "pyproject.toml:2:10: 'python' in [tool.lazycheck] must be a string");
  CHECK(loadError(T, "[tool.lazycheck]\nper-file-ignores = [\"a\"]\n")
            .find("must be a table of glob") != std::string::npos);
  CHECK(loadError(T, "[tool.lazycheck.per-file-ignores]\n\"t/*\" = \"LC1\"\n")
            .find("'t/*' in [tool.lazycheck.per-file-ignores] must be an "
                  "array of strings") != std::string::npos);
  CHECK(loadError(T, "[tool.lazycheck.per-file-ignores]\n\"t/*\" = [\"F4\"]\n")
            .find("unknown rule selector 'F4'") != std::string::npos);
  CHECK(loadError(T, "[tool.lazycheck.per-file-ignores]\n\"t/[\" = [\"LC1\"]\n")
            .find("pyproject.toml: invalid glob 't/['") == 0);
  CHECK(loadError(T, "[tool]\nlazycheck = 1\n") ==
        "pyproject.toml:2:13: tool.lazycheck must be a table");
  CHECK(loadError(T, "[tool.lazycheck]\nknowledge = 1\n") ==
        "pyproject.toml:2:13: 'knowledge' in [tool.lazycheck] must be a table");
  // Knowledge errors name the pyproject table.
  CHECK(loadError(T, "[tool.lazycheck.knowledge]\ncall = 1\n") ==
        "pyproject.toml:2:1: unknown key 'call' in "
        "[tool.lazycheck.knowledge] (expected calls, stores, pure or methods)");
  CHECK(loadError(T, "[tool.lazycheck.knowledge.calls]\n"
                     "\"a.b\" = { rule = \"LC999\", what = \"x\" }\n")
            .find("pyproject.toml:2:18: unknown rule 'LC999' in entry \"a.b\" "
                  "of [tool.lazycheck.knowledge.calls]") == 0);

  llvm::Expected<Config> Missing = loadConfig(T.path("nope/pyproject.toml"));
  REQUIRE(!Missing);
  CHECK(llvm::toString(Missing.takeError()).find("cannot read") == 0);
}
