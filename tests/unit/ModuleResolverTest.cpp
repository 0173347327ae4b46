#include "ModuleResolver.h"
#include "TempTree.h"
#include <doctest/doctest.h>

using namespace lazycheck;

TEST_CASE("project roots") {
  TempTree T;
  T.file("proj/pkg/__init__.py");
  T.file("proj/pkg/sub/__init__.py");
  T.file("proj/pkg/sub/m.py");
  T.file("proj/src/lib/__init__.py");
  auto Roots = findProjectRoots({T.path("proj/pkg/sub")}, {});
  REQUIRE(Roots.size() == 2);
  CHECK(Roots[0] == T.path("proj"));
  CHECK(Roots[1] == T.path("proj/src"));
  Roots = findProjectRoots({T.path("proj")}, {T.path("proj/pkg")});
  CHECK(Roots == std::vector<std::string>{T.path("proj/pkg")});
}

TEST_CASE("a file's own root is its nearest non-package ancestor") {
  TempTree T;
  T.file("proj/pkg/__init__.py");
  T.file("proj/pkg/sub/__init__.py");
  T.file("proj/scripts/run.py");
  CHECK(packageRootOf(T.path("proj/pkg/sub/m.py")) == T.path("proj"));
  CHECK(packageRootOf(T.path("proj/scripts/run.py")) == T.path("proj/scripts"));
  CHECK(packageRootOf(T.path("proj/top.py")) == T.path("proj"));
}

TEST_CASE("module names come from the deepest root") {
  std::vector<std::string> Roots = {"/r", "/r/src"};
  CHECK(moduleNameFor("/r/pkg/__init__.py", Roots) == "pkg");
  CHECK(moduleNameFor("/r/pkg/a/b.py", Roots) == "pkg.a.b");
  CHECK(moduleNameFor("/r/src/lib/x.py", Roots) == "lib.x");
  CHECK(moduleNameFor("/r/tool.py", Roots) == "tool");
  CHECK(moduleNameFor("/elsewhere/x.py", Roots) == "");
}

TEST_CASE("resolution follows CPython's path finder") {
  TempTree T;
  T.file("root/pkg/__init__.py");
  T.file("root/pkg/mod.py");
  T.file("root/pkg/both.py");
  T.file("root/pkg/both/__init__.py"); // a package beats a module
  T.file("root/ns/part/x.py");         // namespace package
  T.file("root/stubonly.pyi");
  T.file("root/fast.so");
  T.file("root/plain.py");
  T.file("scripts/helper.py");
  T.file("site/third/__init__.py");
  T.file("site/pkg/__init__.py"); // shadowed by the project's pkg
  T.file("site/ns/other.py");     // a second portion of ns

  PythonEnv Env;
  Env.SysPath = {T.path("site")};
  Env.BuiltinModules = {"sys"};
  Env.ExtensionSuffixes = {".cpython-311-x86_64-linux-gnu.so", ".so"};
  ModuleResolver R({T.path("root")}, &Env);

  const Resolution &Pkg = R.resolve("pkg");
  CHECK(Pkg.Kind == ModuleKind::Project);
  CHECK(Pkg.IsPackage);
  CHECK(Pkg.Path == T.path("root/pkg/__init__.py"));
  CHECK(R.resolve("pkg.mod").Path == T.path("root/pkg/mod.py"));
  CHECK(R.resolve("pkg.both").Path == T.path("root/pkg/both/__init__.py"));
  CHECK(!R.resolve("pkg.nothing").found());
  CHECK(!R.resolve("plain.sub").found()); // a module has no submodules

  const Resolution &Ns = R.resolve("ns");
  CHECK(Ns.Namespace);
  CHECK(Ns.SubmoduleDirs.size() == 2);
  CHECK(R.resolve("ns.part.x").Path == T.path("root/ns/part/x.py"));
  CHECK(R.resolve("ns.other").Path == T.path("site/ns/other.py"));

  CHECK(R.resolve("stubonly").Kind == ModuleKind::Stub);
  CHECK(R.resolve("fast").Kind == ModuleKind::Compiled);
  CHECK(R.resolve("sys").Kind == ModuleKind::Compiled);
  CHECK(R.resolve("sys").Path.empty());
  CHECK(R.resolve("third").Kind == ModuleKind::ThirdParty);
  CHECK(R.resolve("third").RootDir == T.path("site"));

  CHECK(!R.resolve("helper").found());
  CHECK(R.resolve("helper", T.path("scripts")).Path ==
        T.path("scripts/helper.py"));

  CHECK(!R.resolve("").found());
  CHECK(!R.resolve(".x").found());
  CHECK(!R.resolve("a..b").found());
}

TEST_CASE("without an interpreter any NAME.TAG.so is an extension module") {
  TempTree T;
  T.file("root/accel.cpython-311-x86_64-linux-gnu.so");
  T.file("root/limited.abi3.so");
  T.file("root/shadow.abi3.so");
  T.file("root/shadow.py"); // extensions come before .py, as in CPython
  T.file("root/multi.cpython-312-x86_64-linux-gnu.so");
  T.file("root/multi.cpython-311-x86_64-linux-gnu.so");
  T.file("root/odd.x86.64.so"); // a tag has no dots
  T.file("root/cpkg/__init__.abi3.so");
  T.file("root/cpkg/sub.py");
  ModuleResolver R({T.path("root")}, nullptr);

  CHECK(R.resolve("accel").Kind == ModuleKind::Compiled);
  CHECK(R.resolve("accel").Path ==
        T.path("root/accel.cpython-311-x86_64-linux-gnu.so"));
  CHECK(R.resolve("limited").Kind == ModuleKind::Compiled);
  CHECK(R.resolve("shadow").Path == T.path("root/shadow.abi3.so"));
  // Several: the least name, whatever order the directory lists them in.
  CHECK(R.resolve("multi").Path ==
        T.path("root/multi.cpython-311-x86_64-linux-gnu.so"));
  CHECK(!R.resolve("odd").found());
  const Resolution &Pkg = R.resolve("cpkg");
  CHECK(Pkg.Kind == ModuleKind::Compiled);
  CHECK(Pkg.IsPackage);
  CHECK(R.resolve("cpkg.sub").Path == T.path("root/cpkg/sub.py"));
}
