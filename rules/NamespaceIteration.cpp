//===- NamespaceIteration.cpp - LC202 namespace-iteration -----------------===//
//
// Iterating or copying globals() or vars(), which can hold unresolved
// lazy import objects.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"
#include "llvm/ADT/DenseSet.h"

namespace lazycheck {

extern const char DocLC202[];
const char DocLC202[] = R"md(LC202 namespace-iteration

What it does
  Finds code anywhere in the module that reads the values of the
  module's namespace wholesale through globals() or vars() without an
  argument: globals().items(), .values(), .copy(), dict(globals()).
  Listing names only (globals().keys(), list(globals()), sorted(vars()),
  `for name in globals()`, `name in globals()`), a single lookup
  globals()["x"], a store globals()[name] = value, vars(obj) and
  locals() are not reported: the names are the same with lazy imports.

Why it breaks under lazy imports
  Under PEP 810 globals() hands out the module's dictionary as it is:
  a name bound by a lazy import that has not been used yet holds a
  types.LazyImportType object, not the module or object it stands
  for, and reading it through the dictionary does not reify it. Code
  that scans the namespace (collecting subclasses or tests, checking
  isinstance(v, types.ModuleType), registering every function, building
  __all__) sees the wrong types, skips entries or registers proxies.
  Reading mod.__dict__ from another module behaves the same way.

Example
  # app/handlers.py
  from app.base import Handler
  from app.extra import AuditHandler

  HANDLERS = [v for v in globals().values()    # lazycheck: LC202
              if isinstance(v, type) and issubclass(v, Handler)]

Use instead
  List what you mean explicitly (HANDLERS = [AuditHandler, ...]), use
  a registry the classes are added to, or resolve lazy objects
  yourself by calling their .resolve() method on 3.15 and later.

  Otherwise keep the module importer-eager, which lazycheck's manifest
  does automatically: all of its own imports run at once, so its
  namespace holds real objects. Or accept the finding with
  `# lazycheck: ignore[LC202]`.
)md";

void checkNamespaceIteration(Analysis &A) {
  for (uint32_t Mod : A.parsedModules()) {
    const std::vector<Reference> &Refs = A.module(Mod).Facts.References;
    // `vars(obj)` calls: `vars(obj).items()` at the same place is obj's
    // attributes, not this module's namespace.
    llvm::DenseSet<std::pair<unsigned, unsigned>> VarsOfObject;
    for (const Reference &R : Refs)
      if (R.Kind == RefKind::Call && R.Root == RootKind::Free &&
          R.Chain == "vars" && R.Args > 0)
        VarsOfObject.insert({R.Line, R.Col});
    for (const Reference &R : Refs) {
      if (R.Kind != RefKind::Call || R.Root != RootKind::Free)
        continue;
      llvm::StringRef Chain(R.Chain);
      llvm::StringRef Fn = Chain.take_while([](char C) { return C != '('; });
      if (Fn != "globals" && Fn != "vars")
        continue;
      if (Fn == "vars" && VarsOfObject.contains({R.Line, R.Col}))
        continue;
      llvm::StringRef Method = Chain.drop_front(Fn.size());
      bool Iterates = false;
      if (Method.empty())
        Iterates = R.Args == 0 && R.Copied; // dict(globals())
      else if (Method.consume_front("()."))
        Iterates = Method == "items" || Method == "values" || Method == "copy";
      if (!Iterates)
        continue;
      A.report(A.finding(RuleId::LC202, Mod, R.Line, R.Col,
                         "iterates " + Fn.str() +
                             "(), which holds unresolved lazy-import "
                             "proxies instead of modules"));
    }
  }
}

} // namespace lazycheck
