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
  does automatically: all of its own imports run at once, long before
  any finalizer. Or accept the finding with
  `# lazycheck: ignore[LC204]`.
)md";

void checkFinalizer(Analysis &A) {
  for (uint32_t Mod : A.parsedModules()) {
    const ModuleFacts &F = A.module(Mod).Facts;
    for (const FunctionFact &Fn : F.Functions)
      if (Fn.Class >= 0 && Fn.Name == "__del__")
        A.report(A.finding(RuleId::LC204, Mod, Fn.Line, Fn.Col,
                           "class " + F.Classes[Fn.Class].Name +
                               " defines __del__, which may import "
                               "lazily while the interpreter shuts down"));
    for (const Reference &R : F.References)
      if (R.Kind == RefKind::Call &&
          llvm::StringRef(R.Chain).endswith("finalize") &&
          A.qualify(Mod, R.Chain) == "weakref.finalize")
        A.report(A.finding(RuleId::LC204, Mod, R.Line, R.Col,
                           "registers a weakref.finalize callback, which "
                           "may import lazily while the interpreter shuts "
                           "down"));
  }
}

} // namespace lazycheck
