//===- NamespaceIteration.cpp - LC202 namespace-iteration -----------------===//
//
// Iterating or copying globals() or vars(), which can hold unresolved
// lazy import objects.
//
//===----------------------------------------------------------------------===//
#include "ExpressionScanner.h"
#include "Rule.h"
#include "Source.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

namespace lazycheck {

extern const char DocLC202[];
const char DocLC202[] = R"md(LC202 namespace-iteration

What it does
  Finds code anywhere in the module that reads the values of the
  module's namespace wholesale through globals() or vars() without an
  argument: globals().items(), .values(), .copy(), dict(globals()).
  Also finds module-level calls and decorators whose function (or a
  function it defines, such as the decorator a factory returns) reads
  its caller's namespace through the frame: `sys._getframe(1).f_globals`,
  `inspect.currentframe().f_back.f_locals.get(name)`; the calling
  module is the one whose namespace is read.
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

/// Whether a chain reaches the namespace of the caller's frame
/// (`sys._getframe(1).f_globals`, `currentframe().f_back.f_locals`).
static bool readsCallerFrame(llvm::StringRef Chain) {
  return containsText(Chain, ".f_") &&
         (containsText(Chain, "f_back.f_locals") ||
          containsText(Chain, "f_back.f_globals") ||
          containsText(Chain, "_getframe().f_locals") ||
          containsText(Chain, "_getframe().f_globals"));
}

/// Where function F of Mod, or a function nested in it, reads its
/// caller's namespace through the frame; nullptr when it does not.
static const Reference *readsCallerNamespace(Analysis &A, uint32_t Mod,
                                             int32_t F) {
  const ModuleFacts &Facts = A.module(Mod).Facts;
  for (const Reference &R : Facts.References) {
    llvm::StringRef Chain = R.Chain;
    if (R.Function < 0 || !readsCallerFrame(Chain))
      continue;
    // A dunder looked up by name (namedtuple's `f_globals.get("__name__")`)
    // is never a lazy import.
    std::optional<llvm::StringRef> Key = quotedText(firstArgument(R.ArgText));
    if ((R.Item || Chain.endswith(".get")) && Key && Key->startswith("__") &&
        Key->endswith("__"))
      continue;
    for (int32_t In = R.Function; In >= 0; In = Facts.Functions[In].Parent)
      if (In == F)
        return &R;
  }
  return nullptr;
}

void checkNamespaceIteration(Analysis &A) {
  // Module-level calls of functions that read the caller's namespace: the
  // names of the functions that hold such reads (or enclose them) first,
  // so that only calls of those names are resolved.
  llvm::StringSet<> ReaderNames;
  for (uint32_t Mod : A.parsedModules()) {
    const ModuleFacts &Facts = A.module(Mod).Facts;
    for (const Reference &R : Facts.References) {
      llvm::StringRef Chain = R.Chain;
      if (R.Function >= 0 && readsCallerFrame(Chain))
        for (int32_t In = R.Function; In >= 0; In = Facts.Functions[In].Parent)
          ReaderNames.insert(Facts.Functions[In].Name);
    }
  }
  llvm::DenseMap<std::pair<uint32_t, int32_t>, const Reference *> Readers;
  for (uint32_t Mod : A.parsedModules()) {
    if (ReaderNames.empty())
      break;
    for (const Reference &R : A.module(Mod).Facts.References) {
      if (!R.ImportTime || R.Function >= 0 || R.Kind != RefKind::Call ||
          !ReaderNames.contains(
              llvm::StringRef(R.Chain).rsplit('.').second.empty()
                  ? llvm::StringRef(R.Chain)
                  : llvm::StringRef(R.Chain).rsplit('.').second))
        continue;
      Analysis::Symbol S = A.resolve(Mod, R.Chain);
      if (S.K != Analysis::Symbol::Function)
        continue;
      auto [It, New] = Readers.try_emplace({S.Mod, S.Index}, nullptr);
      if (New)
        It->second = readsCallerNamespace(A, S.Mod, S.Index);
      if (!It->second)
        continue;
      Diagnostic D = A.finding(
          RuleId::LC202, Mod, R.Line, R.Col,
          (R.Decorator ? "decorator " : "call to ") + describeCall(R) +
              " reads this module's namespace through its caller's frame, "
              "which holds unresolved lazy-import proxies instead of "
              "modules");
      D.Notes.push_back(A.note(S.Mod, It->second->Line, It->second->Col,
                               "reads the caller's namespace here"));
      A.report(std::move(D));
    }
  }

  A.forEachModule([&](uint32_t Mod) {
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
  });
}

} // namespace lazycheck
