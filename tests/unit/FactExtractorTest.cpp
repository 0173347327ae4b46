#include "FactExtractor.h"
#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace lazycheck;

static ModuleFacts factsOf(const std::string &Src) {
  return PythonParser().extract(Src, "t.py");
}

/// The one import of Src (a copy: the facts are temporaries).
static ImportFact only(const std::string &Src) {
  ModuleFacts F = factsOf(Src);
  REQUIRE(F.Imports.size() == 1);
  return F.Imports[0];
}

static std::vector<std::string> contexts(const ImportFact &F) {
  std::vector<std::string> Out;
  for (ContextKind C : F.Contexts)
    Out.push_back(contextName(C).str());
  return Out;
}

using Strings = std::vector<std::string>;

TEST_CASE("import forms") {
  ModuleFacts F = factsOf("import a.b.c, d as e\n"
                          "from .. import x\n"
                          "from .m import (y as z,\n  w)\n"
                          "from p import *\n"
                          "from __future__ import annotations\n");
  REQUIRE(F.Imports.size() == 6);
  CHECK(F.Imports[0].Module == "a.b.c");
  CHECK(F.Imports[0].Names[0].Bound == "a");
  CHECK(F.Imports[1].Module == "d");
  CHECK(F.Imports[1].Names[0].Bound == "e");
  CHECK(F.Imports[2].Kind == ImportKind::Relative);
  CHECK(F.Imports[2].Level == 2);
  CHECK(F.Imports[2].Module == "");
  CHECK(F.Imports[3].Level == 1);
  CHECK(F.Imports[3].Module == "m");
  REQUIRE(F.Imports[3].Names.size() == 2);
  CHECK(F.Imports[3].Names[0].Imported == "y");
  CHECK(F.Imports[3].Names[0].Bound == "z");
  CHECK(F.Imports[4].Kind == ImportKind::Star);
  CHECK(F.Imports[5].Future);
  CHECK(!F.Imports[5].pep810Eligible());
  CHECK(F.Imports[3].Line == 3);
}

TEST_CASE("enclosing constructs") {
  CHECK(contexts(only(("try:\n  import a\nexcept E:\n  pass\n"))) ==
        Strings{"try"});
  CHECK(contexts(only(("try:\n  pass\nexcept E:\n  import a\n"))) ==
        Strings{"except"});
  CHECK(contexts(only(("try:\n  pass\nfinally:\n  import a\n"))) ==
        Strings{"finally"});
  CHECK(contexts(
            only(("try:\n  pass\nexcept E:\n  pass\nelse:\n  import a\n"))) ==
        Strings{"try-else"});
  CHECK(contexts(only(("with x:\n  import a\n"))) == Strings{"with"});
  CHECK(contexts(only(("for i in x:\n  import a\n"))) == Strings{"loop"});
  CHECK(contexts(only(("while x:\n  pass\nelse:\n  import a\n"))) ==
        Strings{"loop"});
  CHECK(contexts(only(("if x:\n  import a\n"))) == Strings{"if"});
  CHECK(contexts(only(("if x:\n  pass\nelif y:\n  import a\n"))) ==
        Strings{"if"});
  CHECK(contexts(only(("if TYPE_CHECKING:\n  import a\n"))) ==
        Strings{"type-checking"});
  CHECK(contexts(only(("if typing.TYPE_CHECKING:\n  import a\n"))) ==
        Strings{"type-checking"});
  CHECK(contexts(only(("if TYPE_CHECKING:\n  pass\nelse:\n  import a\n"))) ==
        Strings{"if"});
  CHECK(
      contexts(only(("if not TYPE_CHECKING:\n  pass\nelse:\n  import a\n"))) ==
      Strings{"type-checking"});
  CHECK(contexts(only(("if __name__ == '__main__':\n  import a\n"))) ==
        Strings{"main-guard"});
  CHECK(contexts(only(("if '__main__' == __name__:\n  import a\n"))) ==
        Strings{"main-guard"});
  CHECK(contexts(only(("if __name__ != '__main__':\n  import a\n"))) ==
        Strings{"if"});
  CHECK(contexts(
            only(("with x:\n  try:\n    pass\n  except E:\n    import a\n"))) ==
        Strings{"with", "except"});
  CHECK(contexts(only(("match x:\n  case 1:\n    import a\n"))) ==
        Strings{"if"});
}

TEST_CASE("scope") {
  CHECK(only(("def f():\n  import a\n")).Scope == ScopeKind::Function);
  CHECK(only(("async def f():\n  import a\n")).Scope == ScopeKind::Function);
  CHECK(only(("class C:\n  import a\n")).Scope == ScopeKind::Class);
  CHECK(only(("class C:\n  def f(self):\n    import a\n")).Scope ==
        ScopeKind::Function);
  ImportFact InFn = only(("def f():\n  class C:\n    import a\n"));
  CHECK(InFn.Scope == ScopeKind::Class);
  CHECK(!InFn.runsAtImportTime());
  CHECK(only(("if x:\n  import a\n")).Scope == ScopeKind::Module);
  CHECK(only(("f = lambda: __import__('a')\n")).Scope == ScopeKind::Function);
}

TEST_CASE("eligibility under PEP 810 and Cinder") {
  struct Case {
    const char *Src;
    bool Pep810, Cinder;
  } Cases[] = {
      {"import a\n", true, true},
      {"with x:\n  import a\n", true, false},
      {"try:\n  import a\nexcept E:\n  pass\n", false, false},
      // CPython 3.15 treats the whole try statement, else included, as a
      // try block.
      {"try:\n  pass\nexcept E:\n  pass\nelse:\n  import a\n", false, false},
      {"if x:\n  import a\n", true, true},
      {"from a import *\n", false, false},
      {"def f():\n  import a\n", false, false},
      {"class C:\n  import a\n", false, false},
      {"importlib.import_module('a')\n", false, false},
      {"from __future__ import annotations\n", false, false},
  };
  for (const Case &C : Cases) {
    CAPTURE(C.Src);
    ImportFact F = only((C.Src));
    CHECK(F.pep810Eligible() == C.Pep810);
    CHECK(F.cinderEligible() == C.Cinder);
  }
  CHECK(!only(("if TYPE_CHECKING:\n  import a\n")).runsAtImportTime());
  CHECK(only(("if x:\n  import a\n")).runsAtImportTime());
}

static ImportedName nameOf(const std::string &Src) {
  ModuleFacts F = factsOf(Src);
  REQUIRE(!F.Imports.empty());
  REQUIRE(!F.Imports[0].Names.empty());
  return F.Imports[0].Names[0];
}

TEST_CASE("reads of bound names") {
  ImportedName N = nameOf("import json\nx = json.dumps(1)\n");
  CHECK(N.Read);
  CHECK(N.ReadAtImportTime);

  N = nameOf("import json\ndef f():\n  return json.dumps(1)\n");
  CHECK(N.Read);
  CHECK(!N.ReadAtImportTime);

  // A function defined before the import still reads it when called.
  N = nameOf("def f():\n  return json\nimport json\n");
  CHECK(N.Read);

  // A module-level read before the import is not a read of the import.
  N = nameOf("json = 1\nprint(json)\nimport json\n");
  CHECK(!N.Read);

  N = nameOf("import json\nx.json = 1\nf(json=2)\njson = 3\n");
  CHECK(!N.Read); // attribute name, keyword name, assignment target

  N = nameOf("import json\nfor json in x: pass\n");
  CHECK(!N.Read);

  N = nameOf("import json\n@json.dec\ndef f(a=json.x): pass\n");
  CHECK(N.ReadAtImportTime);

  N = nameOf("import json\ndef f(a: json.T): pass\n");
  CHECK(N.ReadAtImportTime);

  N = nameOf("import json\ndef f(json): pass\n");
  CHECK(!N.Read); // a parameter named like it

  N = nameOf("import json\nclass C(json.Base):\n  x = json.y\n");
  CHECK(N.ReadAtImportTime);

  N = nameOf("import json\nclass C:\n  def m(self):\n    json.x\n");
  CHECK(N.Read);
  CHECK(!N.ReadAtImportTime);

  N = nameOf("from a import b\n__all__ = ['b']\n");
  CHECK(N.Read);
  CHECK(!N.ReadAtImportTime);

  N = nameOf("import json\nx = [json for _ in y]\n");
  CHECK(N.ReadAtImportTime);

  N = nameOf("import json\nx = f'{json.x}'\n");
  CHECK(N.ReadAtImportTime);

  N = nameOf("import json\nx = lambda: json\n");
  CHECK(N.Read);
  CHECK(!N.ReadAtImportTime);

  N = nameOf("import json\nx[json] = 1\n");
  CHECK(N.ReadAtImportTime); // a subscript target reads its index

  N = nameOf("import a.b\na.b.c = 1\n");
  CHECK(N.ReadAtImportTime); // attribute target reads the object
}

TEST_CASE("bindings and reads of simple statements in functions") {
  // Read lexically, statement by statement: the same facts as descending.
  ImportedName N = nameOf("import json\ndef f():\n    json = 1\n"
                          "    return json\n");
  CHECK(!N.Read); // a local of f
  N = nameOf("import json\ndef f():\n    a, json = 1, 2\n    return json\n");
  CHECK(!N.Read);
  N = nameOf("import json\ndef f():\n    x: json.T = 1\n");
  CHECK(N.Read);
  N = nameOf("import json\ndef f(x):\n    x.y = json\n");
  CHECK(N.Read);
  N = nameOf("import json\ndef f():\n    json.y = 1\n");
  CHECK(N.Read); // an attribute target reads its object
  N = nameOf("import json\ndef f():\n    assert json, 'm'\n");
  CHECK(N.Read);
  N = nameOf("import json\ndef f():\n    raise json.E() from None\n");
  CHECK(N.Read);
  N = nameOf("import json\nclass C:\n    json = 1\n    y = json\n");
  CHECK(!N.Read); // the class body's own json
  N = nameOf("import json\nclass C:\n    x: int = json.dumps(1)\n");
  CHECK(N.ReadAtImportTime);
  N = nameOf(
      "import json\ndef f():\n    \"\"\"doc json\"\"\"\n    g(k=json)\n");
  CHECK(N.Read);
}

TEST_CASE("explicit lazy imports") {
  ModuleFacts F = factsOf("lazy import json\nlazy from a.b import c\n"
                          "import os\nlazy = 3\n");
  REQUIRE(F.Imports.size() == 3);
  CHECK(F.Imports[0].ExplicitLazy);
  CHECK(F.Imports[1].ExplicitLazy);
  CHECK(!F.Imports[2].ExplicitLazy);
  CHECK(F.ErrorNodes == 0);
  CHECK(F.Diags.empty());

  F = factsOf("import os\n__lazy_modules__ = {'json', 'a.b'}\nimport json\n");
  REQUIRE(F.Imports.size() == 2);
  CHECK(!F.Imports[0].AfterLazyModules);
  CHECK(F.Imports[1].AfterLazyModules);
  CHECK(F.LazyModules == std::vector<std::string>{"json", "a.b"});
}

TEST_CASE("the lazy keyword where CPython rejects it") {
  ModuleFacts F = factsOf("def f():\n  lazy import a\n"
                          "class C:\n  lazy import b\n"
                          "try:\n  lazy import c\nexcept E:\n  pass\n"
                          "lazy from d import *\n"
                          "if x:\n    lazy import e\n");
  REQUIRE(F.Imports.size() == 5);
  for (int I = 0; I < 5; ++I)
    CHECK(F.Imports[I].ExplicitLazy); // as written, with an LC001 each
  CHECK(F.Imports[4].ExplicitLazy);   // first statement of a block
  CHECK(F.Imports[4].Col == 5);
  REQUIRE(F.Diags.size() == 4);
  CHECK(F.Diags[0].Message == "lazy import not allowed inside functions");
  CHECK(F.Diags[1].Message == "lazy import not allowed inside classes");
  CHECK(F.Diags[2].Message ==
        "lazy import not allowed inside try/except blocks");
  CHECK(F.Diags[3].Message == "lazy from ... import * is not allowed");
}

TEST_CASE("scoping of reads") {
  CHECK(!nameOf("import a\ndef f(a):\n  return a\n").Read);
  CHECK(!nameOf("import a\ndef f():\n  a = 1\n  return a\n").Read);
  CHECK(nameOf("import a\ndef f():\n  global a\n  a = 1\n  return a\n").Read);
  CHECK(!nameOf("import a\nx = [a for a in y]\n").Read);
  CHECK(!nameOf("import a\nclass C:\n  a = 1\n  b = a\n").Read);
  CHECK(nameOf("import a\nclass C:\n  b = a\n  a = 1\n").ReadAtImportTime);
  CHECK(nameOf("import a\nclass C:\n  a = 1\n  def m(self):\n    return a\n")
            .Read);
  CHECK(!nameOf("from m import a\nfrom n import a\nprint(a)\n").Read);
  CHECK(nameOf("import a.b\nimport a.c\nprint(a.b)\n").ReadAtImportTime);
  CHECK(nameOf("try:\n  import a\nexcept E:\n  a = None\nprint(a)\n")
            .ReadAtImportTime);
  CHECK(!nameOf("import a\ndel a\n").Read);
  CHECK(!nameOf("from m import a\ndef a(): pass\ndef g(): return a\n").Read);
  CHECK(!nameOf("from __future__ import annotations\nimport a\n"
                "def f(x: a.T) -> a.U: pass\nv: a.V = 1\n")
             .ReadAtImportTime);
}

TEST_CASE("dynamic imports with literal names") {
  ModuleFacts F = factsOf("importlib.import_module('a.b')\n"
                          "import_module('c')\n"
                          "__import__('d')\n"
                          "importlib.import_module('.e', __package__)\n"
                          "importlib.import_module(name)\n"
                          "importlib.import_module(f'x{y}')\n"
                          "other.import_module('z')\n");
  REQUIRE(F.Imports.size() == 4);
  CHECK(F.Imports[0].Module == "a.b");
  CHECK(F.Imports[0].Kind == ImportKind::Dynamic);
  CHECK(F.Imports[1].Module == "c");
  CHECK(F.Imports[2].Module == "d");
  CHECK(F.Imports[3].Module == "e");
  CHECK(F.Imports[3].Level == 1);
}

TEST_CASE("syntax errors keep the facts of what parsed") {
  ModuleFacts F = factsOf("import a\ndef f(:\n  pass\nimport b\n");
  CHECK(F.ErrorNodes + F.MissingNodes >= 1);
  REQUIRE(F.Diags.size() == 1);
  CHECK(F.Diags[0].Rule == RuleId::LC001);
  CHECK(F.Diags[0].Line == 2);
  bool SawA = false, SawB = false;
  for (const ImportFact &I : F.Imports) {
    SawA |= I.Module == "a";
    SawB |= I.Module == "b";
  }
  CHECK(SawA);
  CHECK(SawB);
}

TEST_CASE("columns count code points") {
  ImportFact F = only(("\xC3\xA9=1; import a\n"));
  CHECK(F.Line == 1);
  CHECK(F.Col == 6);
}

TEST_CASE("10,000 nested brackets do not overflow the stack") {
  std::string Src = "import a\nx = " + std::string(10000, '(') + "1" +
                    std::string(10000, ')') + "\nimport b\n";
  ModuleFacts F = factsOf(Src);
  CHECK(F.Imports.size() == 2);
  std::string Deep = "x = " + std::string(10000, '[') + "\nimport c\n";
  ModuleFacts G = factsOf(Deep);
  CHECK(!G.Diags.empty());
}

TEST_CASE("code under a main guard or TYPE_CHECKING does not run on import") {
  ImportedName N =
      nameOf("import sys\nif __name__ == '__main__':\n  print(sys.argv)\n");
  CHECK(N.Read);
  CHECK(!N.ReadAtImportTime);
  N = nameOf("import t\nif TYPE_CHECKING:\n  X = t.X\n");
  CHECK(N.Read);
  CHECK(!N.ReadAtImportTime);
}

TEST_CASE("constant strings in dynamic imports") {
  ModuleFacts F = factsOf("__import__('\\x6fs')\n"
                          "__import__(('a' 'b'))\n"
                          "__import__(r'c.d')\n"
                          "__import__(b'e')\n"
                          "__import__('\\n')\n");
  REQUIRE(F.Imports.size() == 3);
  CHECK(F.Imports[0].Module == "os");
  CHECK(F.Imports[1].Module == "ab");
  CHECK(F.Imports[2].Module == "c.d");
}

TEST_CASE("stores in one-line compound statements, not in annotations") {
  ModuleFacts F = factsOf("R = {}\n"
                          "if True: R['a'] = 1\n"
                          "def f(x): R['b'] = x\n"
                          "x: R['c'] = 2\n"
                          "def g(y: R['d'] = 3): pass\n");
  Strings Stores;
  for (const Reference &Ref : F.References)
    if (Ref.Kind == RefKind::Store)
      Stores.push_back(std::to_string(Ref.Line));
  CHECK(Stores == Strings{"2", "3"});
}

TEST_CASE("module-level names only ever written through") {
  ModuleFacts F = factsOf("SEEN = set()\n"
                          "USED = []\n"
                          "GONE = {}\n"
                          "def f(x):\n"
                          "    SEEN.add(x)\n"
                          "    USED.append(x)\n"
                          "    del GONE[x]\n"
                          "    return USED[0]\n");
  CHECK(F.WriteOnlyGlobals == Strings{"GONE", "SEEN"});
  // A module that reaches its namespace dynamically has none.
  F = factsOf("SEEN = set()\nSEEN.add(1)\nprint(globals())\n");
  CHECK(F.WriteOnlyGlobals.empty());
}
