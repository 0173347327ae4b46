//===- SysModulesRead.cpp - LC201 sys-modules-read ------------------------===//
//
// Reads of sys.modules anywhere in a module: the result depends on
// which imports have already run.
//
//===----------------------------------------------------------------------===//
#include "ExpressionScanner.h"
#include "Rule.h"
#include "Source.h"
#include "llvm/ADT/DenseSet.h"

namespace lazycheck {

extern const char DocLC201[];
const char DocLC201[] = R"md(LC201 sys-modules-read

What it does
  Finds reads of sys.modules anywhere in the module, inside functions
  too: sys.modules[name], sys.modules.get(name), `name in sys.modules`,
  and iterating sys.modules or its keys(), values() or items().
  Handing sys.modules to a function (monkeypatch.setitem(sys.modules,
  ...)) is not a read. Stores
  into sys.modules are LC105; importlib.import_module() is not
  reported, nor are lookups of a module that is loaded whatever the
  imports did: sys.modules[__name__], sys.modules[__package__],
  sys.modules["__main__"] (or "sys", "builtins"), the
  module of an object in hand, sys.modules[cls.__module__], and
  lookups in a function that imports by name itself (__import__ and
  importlib.import_module always import at once).

Why it breaks under lazy imports
  The answer depends on which imports have already run. Under PEP 810
  a lazily imported module is absent from sys.modules until it is
  reified, so sys.modules["app.db"] raises KeyError, .get() returns
  None and `"numpy" in sys.modules` takes the other branch even though
  the module was imported. Under LazyLoader the module is present
  before its body has run, and touching what you find runs it. Code
  that iterates sys.modules sees a different set of modules from run
  to run.

Example
  # app/plugins.py
  import sys
  import app.db

  def backend():
      return sys.modules["app.db"].engine  # lazycheck: LC201

Use instead
  Use the binding the import gave you (app.db.engine), or
  importlib.import_module(name), which always imports eagerly and
  returns the module. For "is this library in use?" checks, accept
  that a lazily imported library counts as not loaded, or ask the
  library directly.

  Otherwise keep the module importer-eager, which lazycheck's manifest
  does automatically when the lookup names one of the module's own
  import-time imports as a string: all of its own imports run at once,
  as without lazy imports. Walking all of sys.modules, or looking up a
  computed name or a module this one does not import, is reported but
  changes nothing in the manifest: it is a question about other
  modules' imports, which no setting of this module's imports answers. Or accept the finding with
  `# lazycheck: ignore[LC201]`.
)md";

/// A lookup whose key names a module that is loaded whatever the imports
/// did: this module (`__name__`), its package, or the module of an object
/// in hand (`cls.__module__`, `obj.__class__.__module__`).
static bool keyAlwaysLoaded(const Reference &R) {
  llvm::StringRef Key = firstArgument(R.ArgText);
  if (Key.empty())
    return false;
  static const char *const Always[] = {"'__main__'", "\"__main__\"",
                                       "'sys'",      "\"sys\"",
                                       "'builtins'", "\"builtins\""};
  return Key == "__name__" || Key == "__package__" ||
         llvm::is_contained(Always, Key) || Key.endswith(".__module__") ||
         Key.endswith(".__name__") || Key.endswith(".__package__");
}

/// Whether the key of a sys.modules lookup names a module that Mod imports
/// at import time (or a package or submodule of one), as a string literal.
/// Computed keys (`sys.modules[name]`) are generic lookups of whatever the
/// caller has, not of this module's own imports; a key naming Mod or one of
/// its packages is always loaded.
static bool namesOwnImport(Analysis &A, uint32_t Mod, const Reference &R) {
  std::optional<llvm::StringRef> Quoted = quotedText(firstArgument(R.ArgText));
  if (!Quoted)
    return false;
  llvm::StringRef Key = *Quoted;
  llvm::StringRef Self = A.module(Mod).Name;
  if (isModuleOrBelow(Self, Key))
    return false;
  for (uint32_t II : A.importsOf(Mod)) {
    const ResolvedImport &I = A.P.Imports[II];
    if (!A.P.fact(I).runsAtImportTime())
      continue;
    llvm::StringRef T = A.module(I.Target).Name;
    if (isModuleOrBelow(T, Key) || isSubmoduleOf(Key, T))
      return true;
  }
  return false;
}

void checkSysModulesRead(Analysis &A) {
  static const char *const Reads[] = {"get",          "items",   "keys",
                                      "values",       "copy",    "__getitem__",
                                      "__contains__", "__iter__"};
  A.forEachModule([&](uint32_t Mod) {
    const std::vector<Reference> &Refs = A.module(Mod).Facts.References;
    // Functions that import by name themselves (__import__,
    // importlib.import_module): always eagerly, so what they look up in
    // sys.modules afterwards is there.
    llvm::DenseSet<int32_t> ImportsByName;
    for (const Reference &R : Refs)
      if (R.Function >= 0 && R.Kind == RefKind::Call &&
          (R.Chain == "__import__" || R.Chain.endswith("import_module")) &&
          (R.Chain == "__import__" ||
           A.qualify(Mod, R.Chain) == "importlib.import_module"))
        ImportsByName.insert(R.Function);
    for (const Reference &R : Refs) {
      if (!containsText(R.Chain, "modules") ||
          ImportsByName.contains(R.Function))
        continue;
      std::string Q = A.qualify(Mod, R.Chain);
      llvm::StringRef Rest(Q);
      if (!Rest.consume_front("sys.modules"))
        continue;
      bool Read = false;
      if (Rest.empty()) // iterated, tested (`n in sys.modules`) or indexed
        Read = R.Kind == RefKind::Load && (R.Iterated || R.Tested || R.Item);
      else if (R.Kind == RefKind::Call && Rest.consume_front("."))
        Read = llvm::is_contained(Reads, Rest);
      if (!Read || keyAlwaysLoaded(R))
        continue;
      std::string What =
          Rest.empty()
              ? (R.Item ? "reads sys.modules[...]" : "reads sys.modules")
              : "calls sys.modules." + Rest.str() + "()";
      Diagnostic D = A.finding(RuleId::LC201, Mod, R.Line, R.Col,
                               What + ", which depends on which imports "
                                      "have already run");
      // Making this module's own imports eager helps only when what it
      // looks up is one of them: not when it walks all of sys.modules,
      // looks a computed name up, or names a module it does not import.
      bool Walks = R.Iterated || (Rest != "get" && Rest != "__getitem__" &&
                                  Rest != "__contains__" && !Rest.empty());
      D.EagerImporter = !Walks && namesOwnImport(A, Mod, R);
      A.report(std::move(D));
    }
  });
}

} // namespace lazycheck
