#include "Analysis.h"
#include "TempTree.h"
#include <doctest/doctest.h>
#include <set>

using namespace lazycheck;

namespace {
/// A project analysed with the built-in knowledge.
struct Checked {
  std::unique_ptr<Project> P;
  Knowledge K;
  std::unique_ptr<Analysis> A;

  explicit Checked(const TempTree &T) {
    ProjectOptions Opts;
    Opts.Paths = {T.Root};
    Opts.Jobs = 1;
    auto R = Project::analyse(Opts);
    REQUIRE(static_cast<bool>(R));
    P = std::move(*R);
    auto Know = Knowledge::builtin();
    REQUIRE(static_cast<bool>(Know));
    K = std::move(*Know);
    A = std::make_unique<Analysis>(*P, K);
  }
  uint32_t mod(llvm::StringRef Name) {
    int32_t M = A->moduleByName(Name);
    REQUIRE(M >= 0);
    return static_cast<uint32_t>(M);
  }
  /// "LC101 pkg.mod:3" for each finding, after run().
  std::set<std::string> findings() {
    A->run();
    std::set<std::string> Out;
    for (const Diagnostic &D : A->Findings)
      Out.insert((ruleInfo(D.Rule).Code + " " + D.Module + ":" +
                  std::to_string(D.Line))
                     .str());
    return Out;
  }
};
} // namespace

TEST_CASE("qualified names follow imports, aliases and instances") {
  TempTree T;
  T.file("app/__init__.py");
  T.file("app/m.py", "import logging as L\n"
                     "from os import environ\n"
                     "import threading\n"
                     "t = threading.Thread(target=print)\n"
                     "alias = L.getLogger\n"
                     "def f(): pass\n");
  Checked C(T);
  uint32_t M = C.mod("app.m");
  CHECK(C.A->qualify(M, "L.basicConfig") == "logging.basicConfig");
  CHECK(C.A->qualify(M, "environ") == "os.environ");
  CHECK(C.A->qualify(M, "t.start") == "threading.Thread.start");
  CHECK(C.A->qualify(M, "threading.Thread().start") ==
        "threading.Thread.start");
  CHECK(C.A->qualify(M, "alias") == "logging.getLogger");
  CHECK(C.A->qualify(M, "f") == "app.m.f");
  CHECK(C.A->qualify(M, "print") == "print");
}

TEST_CASE("resolution across modules: re-exports, methods, instances") {
  TempTree T;
  T.file("app/__init__.py", "from .reg import registry, Registry\n");
  T.file("app/reg.py", "class Base:\n"
                       "    def register(self, f):\n"
                       "        self.items[f] = f\n"
                       "class Registry(Base):\n"
                       "    pass\n"
                       "registry = Registry()\n");
  T.file("app/use.py", "import app\nfrom app import registry\n");
  Checked C(T);
  uint32_t Use = C.mod("app.use"), Reg = C.mod("app.reg");
  Analysis::Symbol S = C.A->resolve(Use, "registry.register");
  CHECK(S.K == Analysis::Symbol::Function);
  CHECK(S.Mod == Reg);
  CHECK(S.Owner == Reg);
  CHECK(C.A->resolve(Use, "app.Registry").K == Analysis::Symbol::Class);
  CHECK(C.A->resolve(Use, "app.reg").K == Analysis::Symbol::ModuleObj);
  CHECK(C.A->resolve(Use, "nothing.here").K == Analysis::Symbol::Unknown);
}

TEST_CASE("effects are followed through calls, and only so far") {
  TempTree T;
  T.file("app/__init__.py");
  T.file("app/reg.py", "HANDLERS = []\n"
                       "def register(name):\n"
                       "    def deco(f):\n"
                       "        HANDLERS.append(f)\n"
                       "        return f\n"
                       "    return deco\n"
                       "def wraps_only(f):\n"
                       "    def wrapper(*a):\n"
                       "        HANDLERS.append(a)\n"
                       "        return f(*a)\n"
                       "    return wrapper\n"
                       "def level3(): level2()\n"
                       "def level2(): level1()\n"
                       "def level1(): HANDLERS.append(1)\n"
                       "def handlers(): return list(HANDLERS)\n");
  T.file("app/plugins.py", "from app.reg import register, wraps_only\n"
                           "from app import reg\n"
                           "@register('x')\n"
                           "def a(): pass\n"
                           "@wraps_only\n"
                           "def b(): pass\n"
                           "reg.level2()\n"
                           "reg.level3()\n");
  Checked C(T);
  auto F = C.findings();
  CHECK(F.count("LC102 app.plugins:3"));  // the factory's inner function
  CHECK(!F.count("LC102 app.plugins:5")); // a wrapper only runs when called
  CHECK(F.count("LC102 app.plugins:7"));  // two calls down: followed
  CHECK(!F.count("LC102 app.plugins:8")); // three calls down: not
}

TEST_CASE("stores into containers that nothing reads have no effect") {
  TempTree T;
  T.file("app/__init__.py");
  T.file("app/reg.py", "SEEN = set()\n"
                       "USED = {}\n"
                       "PEEKED = []\n"
                       "ELSEWHERE = []\n"
                       "def note0(f): SEEN.add(f)\n"
                       "def note1(f): USED[f] = f\n"
                       "def note2(f): PEEKED.append(f)\n"
                       "def note3(f): ELSEWHERE.append(f)\n"
                       "def lookup(k): return USED[k]\n"
                       "def count(): return PEEKED.count(None)\n");
  T.file("app/other.py", "from app import reg\n"
                         "def n(): return len(reg.ELSEWHERE)\n");
  Checked C(T);
  uint32_t Reg = C.mod("app.reg");
  CHECK(C.A->module(Reg).Facts.WriteOnlyGlobals ==
        std::vector<std::string>{"ELSEWHERE", "PEEKED", "SEEN"});
  auto Stores = [&](int32_t F) {
    return !C.A->functionEffects(Reg, F).empty();
  };
  CHECK(!Stores(0)); // SEEN: never read
  CHECK(Stores(1));  // USED: read by lookup()
  CHECK(Stores(2));  // PEEKED: .count() is not a mutation, so a read
  CHECK(Stores(3));  // ELSEWHERE: read by another module
}

TEST_CASE("wrappers, counters, conditional globals, a package's own state") {
  TempTree T;
  T.file("app/__init__.py", "from app import reg\n"
                            "reg.REG['init'] = 1\n");
  T.file("app/reg.py", "import functools\n"
                       "REG = {}\n"
                       "_backend = None\n"
                       "class Thing:\n"
                       "    made = 0\n"
                       "    def __init__(self):\n"
                       "        Thing.made += 1\n"
                       "def get(k): return REG[k], _backend\n"
                       "def retry(n):\n"
                       "    @functools.wraps(n)\n"
                       "    def wrapper(*a):\n"
                       "        REG['w'] = a\n"
                       "    return wrapper\n"
                       "def register(n):\n"
                       "    def deco(f):\n"
                       "        REG[n] = f\n"
                       "    return deco\n"
                       "def configure(x=None):\n"
                       "    global _backend\n"
                       "    if x is not None:\n"
                       "        _backend = x\n"
                       "def set_backend(x):\n"
                       "    global _backend\n"
                       "    _backend = x\n");
  T.file("app/plugins.py", "from app import reg\n"
                           "@reg.retry(1)\n"
                           "def a(): pass\n"
                           "@reg.register('b')\n"
                           "def b(): pass\n"
                           "reg.configure()\n"
                           "reg.set_backend(1)\n"
                           "reg.Thing()\n"
                           "reg.REG['p'] = 1\n");
  Checked C(T);
  auto F = C.findings();
  CHECK(!F.count("LC101 app:2"));         // a package's own submodule
  CHECK(!F.count("LC102 app.plugins:2")); // the wrapper runs when called
  CHECK(F.count("LC102 app.plugins:4"));  // the decorator it returns runs
  CHECK(!F.count("LC102 app.plugins:6")); // a conditional global write
  CHECK(F.count("LC102 app.plugins:7"));  // an unconditional one
  CHECK(!F.count("LC102 app.plugins:8")); // a counter
  CHECK(F.count("LC101 app.plugins:9"));  // another module's registry
}

TEST_CASE("a star import binds only what the module exports") {
  TempTree T;
  T.file("app/__init__.py");
  T.file("app/lib.py", "__all__ = ['f']\n"
                       "REG = []\n"
                       "def f(): pass\n");
  T.file("app/priv.py", "_hidden = []\n"
                        "def g(): pass\n");
  T.file("app/m.py", "if True:\n"
                     "    __all__ = []\n"
                     "from app.lib import *\n"
                     "from app.priv import *\n");
  Checked C(T);
  uint32_t M = C.mod("app.m");
  CHECK(C.A->qualify(M, "f") == "app.lib.f");
  CHECK(C.A->qualify(M, "g") == "app.priv.g");
  CHECK(C.A->qualify(M, "__all__.extend") == "app.m.__all__.extend");
  CHECK(C.A->qualify(M, "REG") == "REG");
  CHECK(C.A->qualify(M, "_hidden") == "_hidden");
}

TEST_CASE("catalogued APIs, scoped ones in with blocks, metadata stores") {
  TempTree T;
  T.file("app/__init__.py");
  T.file("app/m.py", "import warnings, logging, json\n"
                     "logging.basicConfig()\n"
                     "with warnings.catch_warnings():\n"
                     "    warnings.simplefilter('ignore')\n"
                     "warnings.simplefilter('ignore')\n"
                     "json.dumps.__doc__ = 'x'\n"
                     "json.dumps = len\n"
                     "open('f').read()\n"
                     "open('f', 'w').write('x')\n"
                     "import linecache\n"
                     "linecache.cache['<gen>'] = (1, None, [], '<gen>')\n"
                     "import sys\n"
                     "m = sys.modules.get('x')\n"
                     "m.y = 1\n"
                     "sys.modules['x'] = m\n");
  Checked C(T);
  auto F = C.findings();
  CHECK(F.count("LC104 app.m:2"));
  CHECK(!F.count("LC104 app.m:4"));
  CHECK(F.count("LC104 app.m:5"));
  CHECK(!F.count("LC101 app.m:6"));
  CHECK(F.count("LC101 app.m:7"));
  CHECK(!F.count("LC106 app.m:8"));
  CHECK(F.count("LC106 app.m:9"));
  CHECK(!F.count("LC101 app.m:11")); // a cache listed as a pure store
  CHECK(!F.count("LC105 app.m:14")); // a store into what a call returned
  CHECK(F.count("LC105 app.m:15"));  // a store into sys.modules
}

TEST_CASE("cycles: touched at import time or only in functions") {
  TempTree T;
  T.file("app/__init__.py");
  T.file("app/a.py", "X = 1\nimport app.b\nY = app.b.W\n");
  T.file("app/b.py", "import app.a\nW = 2\n");
  T.file("app/c.py", "import app.d\ndef f(): return app.d.Z\n");
  T.file("app/d.py", "import app.c\nZ = 3\ndef g(): return app.c.f\n");
  Checked C(T);
  auto F = C.findings();
  CHECK(F.count("LC303 app.a:3"));
  CHECK(F.count("LC304 app.c:1"));
  REQUIRE(C.P->Cycles.size() == 2);
  for (size_t I = 0; I < C.P->Cycles.size(); ++I) {
    std::vector<uint32_t> Path = C.A->cyclePath(I);
    REQUIRE(Path.size() == 3);
    CHECK(Path.front() == Path.back());
  }
}

namespace {
/// The modules the touched cycle containing Member keeps in today's order.
std::set<std::string> orderNeeded(Checked &C, llvm::StringRef Member) {
  uint32_t M = C.mod(Member);
  for (size_t I = 0; I < C.P->Cycles.size(); ++I) {
    if (!llvm::is_contained(C.P->Cycles[I], M))
      continue;
    const CycleTouch *T = C.A->cycleTouch(I);
    REQUIRE(T);
    std::set<std::string> Out;
    for (uint32_t N : T->Needed)
      Out.insert(C.A->module(N).Name);
    return Out;
  }
  FAIL("no cycle contains " << Member.str());
  return {};
}
} // namespace

TEST_CASE("touched cycles keep only the order that their reads rely on") {
  SUBCASE("two top-level modules: the way in starts first anyway") {
    TempTree T;
    T.file("main.py", "import a\n");
    T.file("a.py", "X = 1\nimport b\nY = b.W\n");
    T.file("b.py", "import a\nW = a.X\n");
    Checked C(T);
    // b reads a.X and a reads b.W; main enters at a, and a deferred b
    // starts later, when a is further along.
    CHECK(orderNeeded(C, "a").empty());
  }
  SUBCASE("a package's submodules reading the package: nothing") {
    // The package starts before any of its submodules whatever the order,
    // and a submodule started later finds the package further along.
    TempTree T;
    T.file("main.py", "import pkg\n");
    T.file("pkg/__init__.py", "X = 1\nfrom pkg import a\nfrom pkg import b\n");
    T.file("pkg/a.py", "import pkg\nY = pkg.X\n");
    T.file("pkg/b.py", "import pkg\nZ = pkg.X\n");
    Checked C(T);
    CHECK(orderNeeded(C, "pkg").empty());
  }
  SUBCASE("the chain that starts a partner first today") {
    // pkg/__init__ starts slice (outside the cycle), whose import of expr
    // enters the cycle before pkg's own import of inv does: that first
    // chain stays eager, or inv would start first and find expr partial.
    TempTree T;
    T.file("main.py", "import pkg\n");
    T.file("pkg/__init__.py", "from .slice import S\nfrom .inv import Inv\n"
                              "from .expr import E\n");
    T.file("pkg/slice.py", "from .expr import E\nS = E\n");
    T.file("pkg/expr.py", "E = 1\nfrom .mul import M\n");
    T.file("pkg/mul.py", "from .inv import Inv\nM = Inv\n");
    T.file("pkg/inv.py", "from .pow import P\nInv = P\n");
    T.file("pkg/pow.py", "from .expr import E\nP = E\n");
    Checked C(T);
    auto N = orderNeeded(C, "pkg.inv");
    CHECK(N.count("pkg.slice"));
    CHECK(N.count("pkg.expr"));
    CHECK(!N.count("pkg.inv"));
    CHECK(!N.count("pkg"));
  }
  SUBCASE("an importer entering the cycle by two statements: the first") {
    TempTree T;
    T.file("main.py", "import lib\n");
    T.file("lib/__init__.py",
           "from lib.util import u\nfrom lib.core import c\n");
    T.file("lib/util.py", "from lib.core import c\nu = c\n");
    T.file("lib/core.py", "import lib.util\nc = 1\nd = lib.util.u\n");
    Checked C(T);
    CHECK(orderNeeded(C, "lib.core").count("lib.util"));
  }
}
