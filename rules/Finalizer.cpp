//===- Finalizer.cpp - LC204 finalizer ------------------------------------===//
//
// Classes defining __del__ and calls of weakref.finalize: finalizers
// can run during shutdown, when deferred imports can no longer run.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"

namespace lazycheck {

extern const char DocLC204[];
const char DocLC204[] = R"md(LC204 finalizer

What it does
  Finds classes that define __del__ and calls of weakref.finalize(...)
  anywhere in the module. __delitem__, __delattr__ and weakref.ref()
  are not reported.

Why it breaks under lazy imports
  Finalizers run when the garbage collector decides, and often during
  interpreter shutdown. If a finalizer is the first code to use a name
  bound by a lazy import, the import happens right there: possibly in
  the middle of an unrelated operation, in another thread, or after
  the import system has been torn down ("ImportError: sys.meta_path is
  None, Python is likely shutting down"). Exceptions in __del__ are
  only printed, so the cleanup silently does not happen.

Example
  # app/tempfiles.py
  import shutil

  class Scratch:
      def __init__(self, path):
          self.path = path

      def __del__(self):             # lazycheck: LC204
          shutil.rmtree(self.path, ignore_errors=True)

Use instead
  Prefer explicit cleanup: a context manager (with Scratch() as s:),
  a close() method, or tempfile.TemporaryDirectory. Where a finalizer
  is needed, make sure what it uses is loaded before it can run (bind
  the function when the object is created:
  weakref.finalize(self, shutil.rmtree, path)).

  Otherwise keep the module importer-eager, which lazycheck's manifest
  does automatically when the finalizer uses a name the module imported
  (or registers a weakref.finalize callback): all of its own imports run
  at once, long before any finalizer. Or accept the finding with
  `# lazycheck: ignore[LC204]`.
)md";

/// Whether function FI of Mod (or a function nested in it) reads a
/// module-level name bound by an import.
static bool usesImportedName(Analysis &A, uint32_t Mod, int32_t FI) {
  const ModuleFacts &F = A.module(Mod).Facts;
  for (const Reference &R : F.References) {
    if (R.Root != RootKind::Global || R.Function < 0)
      continue;
    int32_t In = R.Function;
    while (In >= 0 && In != FI)
      In = F.Functions[In].Parent;
    if (In != FI)
      continue;
    const Analysis::Binding *B = A.binding(Mod, R.Chain.split('.').first);
    if (B && B->K == Analysis::Binding::Import)
      return true;
  }
  return false;
}

void checkFinalizer(Analysis &A) {
  A.forEachModule([&](uint32_t Mod) {
    const ModuleFacts &F = A.module(Mod).Facts;
    for (int32_t FI = 0; FI < static_cast<int32_t>(F.Functions.size()); ++FI) {
      const FunctionFact &Fn = F.Functions[FI];
      if (Fn.Class < 0 || Fn.Name != "__del__")
        continue;
      Diagnostic D = A.finding(RuleId::LC204, Mod, Fn.Line, Fn.Col,
                               "class " + F.Classes[Fn.Class].Name +
                                   " defines __del__, which may import "
                                   "lazily while the interpreter shuts down");
      // Only a finalizer that uses a name this module imported can meet an
      // unresolved lazy import.
      D.EagerImporter = usesImportedName(A, Mod, FI);
      A.report(std::move(D));
    }
    for (const Reference &R : F.References)
      if (R.Kind == RefKind::Call &&
          llvm::StringRef(R.Chain).endswith("finalize") &&
          A.qualify(Mod, R.Chain) == "weakref.finalize")
        A.report(A.finding(RuleId::LC204, Mod, R.Line, R.Col,
                           "registers a weakref.finalize callback, which "
                           "may import lazily while the interpreter shuts "
                           "down"));
  });
}

} // namespace lazycheck
