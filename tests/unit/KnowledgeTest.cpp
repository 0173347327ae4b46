#include "Knowledge.h"
#include <doctest/doctest.h>

using namespace lazycheck;

namespace {

Knowledge parse(llvm::StringRef Text) {
  Knowledge K;
  if (llvm::Error E = K.merge(Text, "k.toml"))
    FAIL(llvm::toString(std::move(E)));
  return K;
}

/// The error merging Text into an empty Knowledge, "" on success.
std::string mergeError(llvm::StringRef Text) {
  Knowledge K;
  if (llvm::Error E = K.merge(Text, "k.toml"))
    return llvm::toString(std::move(E));
  return "";
}

const char *const Sample = R"(
[calls]
"logging.basicConfig" = { rule = "LC104", what = "configures the root logger" }
"subprocess.*"        = { rule = "LC106", what = "runs a subprocess" }
"subprocess.Popen.*"  = { rule = "LC106", what = "manages a subprocess" }
"open"                = { rule = "LC106", what = "opens a file for writing", write-mode = 1 }

[stores]
"os.environ" = { rule = "global-configuration", what = "changes the process environment" }
"sys"        = { rule = "LC104", what = "changes the interpreter" }
"sys.path"   = { rule = "LC105", what = "changes the module search path" }

[pure]
calls = ["functools.wraps", "typing.*"]

[methods]
mutating = ["append", "add"]
registration = ["register", "connect"]
)";

} // namespace

TEST_CASE("the built-in catalogue parses") {
  llvm::Expected<Knowledge> K = Knowledge::builtin();
  REQUIRE_MESSAGE(static_cast<bool>(K), llvm::toString(K.takeError()));
  CHECK(!Knowledge::builtinText().empty());
  CHECK(!K->calls().empty());
  CHECK(!K->stores().empty());
  // Entries the format description itself lists.
  CHECK(K->call("logging.basicConfig") != nullptr);
  CHECK(K->store("os.environ") != nullptr);
  CHECK(K->isRegistrationMethod("register"));
  CHECK(K->isMutatingMethod("append"));
}

TEST_CASE("call lookup: exact key, then P.* for the longest prefix") {
  Knowledge K = parse(Sample);
  const ApiEffect *E = K.call("logging.basicConfig");
  REQUIRE(E);
  CHECK(E->Rule == RuleId::LC104);
  CHECK(E->What == "configures the root logger");
  CHECK(E->WriteModeArg == -1);

  E = K.call("subprocess.run");
  REQUIRE(E);
  CHECK(E->What == "runs a subprocess");
  E = K.call("subprocess.Popen.wait"); // the longer prefix wins
  REQUIRE(E);
  CHECK(E->What == "manages a subprocess");
  E = K.call("subprocess.Popen"); // "subprocess.Popen.*" needs more
  REQUIRE(E);
  CHECK(E->What == "runs a subprocess");

  CHECK(K.call("subprocess") == nullptr); // a proper prefix only
  CHECK(K.call("logging.basicConfig.x") == nullptr);
  CHECK(K.call("logging") == nullptr);
  CHECK(K.call("subprocessx.run") == nullptr);
  CHECK(K.call("") == nullptr);

  E = K.call("open");
  REQUIRE(E);
  CHECK(E->WriteModeArg == 1);
}

TEST_CASE("store lookup: the longest key that is the name or a prefix") {
  Knowledge K = parse(Sample);
  const ApiEffect *E = K.store("os.environ");
  REQUIRE(E);
  CHECK(E->Rule == RuleId::LC104); // given by name
  CHECK(K.store("os.environ.x") == E);
  CHECK(K.store("sys.path")->Rule == RuleId::LC105);
  CHECK(K.store("sys.path.insert")->Rule == RuleId::LC105);
  CHECK(K.store("sys.excepthook")->What == "changes the interpreter");
  CHECK(K.store("sys")->What == "changes the interpreter");
  CHECK(K.store("sys.pathx")->What == "changes the interpreter");
  CHECK(K.store("os") == nullptr);
  CHECK(K.store("os.environment") == nullptr);
  CHECK(K.store("") == nullptr);
}

TEST_CASE("pure calls and method names") {
  Knowledge K = parse(Sample);
  CHECK(K.isPure("functools.wraps"));
  CHECK(!K.isPure("functools.wrap"));
  CHECK(!K.isPure("functools"));
  CHECK(K.isPure("typing.overload"));
  CHECK(K.isPure("typing.a.b"));
  CHECK(!K.isPure("typing"));
  CHECK(K.isMutatingMethod("append"));
  CHECK(!K.isMutatingMethod("register"));
  CHECK(K.isRegistrationMethod("connect"));
  CHECK(!K.isRegistrationMethod("append"));
}

TEST_CASE("merging replaces entries and extends lists") {
  Knowledge K = parse(Sample);
  llvm::Error E = K.merge(R"(
[calls]
"logging.basicConfig" = { rule = "LC106", what = "something else" }
"myapp.setup" = { rule = "LC104", what = "sets up the app" }
[pure]
calls = ["myapp.compute"]
[methods]
registration = ["subscribe"]
)",
                          "more.toml");
  REQUIRE_MESSAGE(!E, llvm::toString(std::move(E)));
  CHECK(K.call("logging.basicConfig")->Rule == RuleId::LC106);
  CHECK(K.call("myapp.setup")->What == "sets up the app");
  CHECK(K.call("subprocess.run") != nullptr); // kept
  CHECK(K.isPure("myapp.compute"));
  CHECK(K.isPure("functools.wraps"));
  CHECK(K.isRegistrationMethod("subscribe"));
  CHECK(K.isRegistrationMethod("register"));
  // An empty document changes nothing.
  CHECK(!K.merge("", "empty.toml"));
  CHECK(K.calls().size() == 5);
}

TEST_CASE("a failed merge changes nothing") {
  Knowledge K = parse(Sample);
  llvm::Error E = K.merge(R"(
[calls]
"a.b" = { rule = "LC104", what = "x" }
[methods]
mutating = ["push"]
[stores]
"c.d" = { rule = "LC999", what = "y" }
)",
                          "bad.toml");
  CHECK(static_cast<bool>(E));
  llvm::consumeError(std::move(E));
  CHECK(K.call("a.b") == nullptr);
  CHECK(!K.isMutatingMethod("push"));
}

TEST_CASE("syntax errors carry line and column") {
  std::string E = mergeError("[calls]\n\"a.b\" = { rule = \"LC104\" what }\n");
  CHECK(llvm::StringRef(E).startswith("k.toml:2:"));
  E = mergeError("[calls\n");
  CHECK(llvm::StringRef(E).startswith("k.toml:1:"));
}

TEST_CASE("semantic errors name the problem and its position") {
  std::string E = mergeError("[callz]\n");
  CHECK(E == "k.toml:1:2: unknown key 'callz' (expected calls, stores, pure "
             "or methods)");

  E = mergeError("[calls]\n\"a.b\" = { rule = \"LC999\", what = \"x\" }\n");
  CHECK(llvm::StringRef(E).startswith("k.toml:2:"));
  CHECK(E.find("unknown rule 'LC999' in entry \"a.b\" of [calls]") !=
        std::string::npos);

  E = mergeError("[calls]\n\"a.b\" = { rule = \"LC001\", what = \"x\" }\n");
  CHECK(E.find("engine diagnostic") != std::string::npos);

  E = mergeError("[calls]\n\"a.b\" = { rule = \"LC104\", wat = \"x\" }\n");
  CHECK(E.find("unknown key 'wat' in entry \"a.b\" of [calls]") !=
        std::string::npos);

  E = mergeError("[calls]\n\"a.b\" = { rule = \"LC104\" }\n");
  CHECK(E.find("entry \"a.b\" in [calls] has no 'what'") != std::string::npos);
  E = mergeError("[stores]\n\"a.b\" = { what = \"x\" }\n");
  CHECK(E.find("entry \"a.b\" in [stores] has no 'rule'") != std::string::npos);

  E = mergeError("[calls]\n\"a.b\" = { rule = 104, what = \"x\" }\n");
  CHECK(E.find("'rule' in entry \"a.b\" of [calls] must be a string") !=
        std::string::npos);
  E = mergeError("[calls]\n\"a.b\" = \"LC104\"\n");
  CHECK(E.find("must be a table") != std::string::npos);
  E = mergeError(
      "[calls]\n\"a.b\" = { rule = \"LC104\", what = \"x\", write-mode = -1 }");
  CHECK(E.find("'write-mode'") != std::string::npos);
  // write-mode is for calls only.
  E = mergeError(
      "[stores]\n\"a.b\" = { rule = \"LC104\", what = \"x\", write-mode = 1 }");
  CHECK(E.find("unknown key 'write-mode'") != std::string::npos);

  E = mergeError("[calls]\n\"a..b\" = { rule = \"LC104\", what = \"x\" }\n");
  CHECK(E.find("invalid name \"a..b\" in [calls]") != std::string::npos);
  E = mergeError("[stores]\n\"a.*\" = { rule = \"LC104\", what = \"x\" }\n");
  CHECK(E.find("invalid name \"a.*\" in [stores]") != std::string::npos);
  E = mergeError("[calls]\n\"a b\" = { rule = \"LC104\", what = \"x\" }\n");
  CHECK(E.find("invalid name") != std::string::npos);

  E = mergeError("calls = 1\n");
  CHECK(E == "k.toml:1:9: [calls] must be a table");
  E = mergeError("[pure]\ncalls = \"functools.wraps\"\n");
  CHECK(E.find("'calls' in [pure] must be an array of strings") !=
        std::string::npos);
  E = mergeError("[pure]\ncall = []\n");
  CHECK(E.find("unknown key 'call' in [pure]") != std::string::npos);
  E = mergeError("[methods]\nmutating = [1]\n");
  CHECK(E.find("k.toml:2:13:") == 0);
  E = mergeError("[methods]\nmutating = [\"a.b\"]\n");
  CHECK(E.find("invalid method name \"a.b\"") != std::string::npos);
  E = mergeError("[methods]\nregistering = []\n");
  CHECK(E.find("unknown key 'registering' in [methods]") != std::string::npos);
}
