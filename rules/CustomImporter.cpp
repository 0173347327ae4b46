//===- CustomImporter.cpp - LC205 custom-importer -------------------------===//
//
// Replacing __import__, or defining an import finder or loader, which
// lazy imports consult at different times and may re-enter.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"

namespace lazycheck {

extern const char DocLC205[];
const char DocLC205[] = R"md(LC205 custom-importer

What it does
  Finds a replacement of the import function (builtins.__import__ = f,
  __builtins__.__import__ = f) and classes defining find_spec or
  find_module (meta-path or path-entry finders) or exec_module
  (loaders), anywhere in the module.

Why it breaks under lazy imports
  A custom importer is part of the import system, and lazy imports
  move when the import system is called: at first use of a name, not
  at the import statement. A finder or loader installed by this module
  sees imports later and in a different order, misses those resolved
  before it was installed, and handles those resolved after it even if
  they were written before it. Its own code is the bigger risk: if a
  method of the finder is the first to use a name this module imported
  lazily, resolving it calls the import system from inside the import
  system, which re-enters the finder (recursion, import lock waits).
  Static analysis cannot see what a custom importer loads.

Example
  # app/hooks.py
  import importlib.abc
  import app.manifest

  class VendorFinder(importlib.abc.MetaPathFinder):  # lazycheck: LC205
      def find_spec(self, name, path, target=None):
          return app.manifest.lookup(name)

Use instead
  Keep finders and loaders small and self-contained: import what they
  need at the top of their module, use no lazy names in their methods,
  and install them from the entry point before other imports. Prefer
  standard mechanisms (.pth files, namespace packages,
  importlib.resources) to replacing __import__.

  Otherwise keep the module importer-eager, which lazycheck's manifest
  does automatically: all of its own imports run at once. Or accept
  the finding with `# lazycheck: ignore[LC205]`.
)md";

void checkCustomImporter(Analysis &A) {
  static const char *const Hooks[] = {"find_spec", "find_module",
                                      "exec_module"};
  for (uint32_t Mod : A.parsedModules()) {
    const ModuleFacts &F = A.module(Mod).Facts;
    for (const Reference &R : F.References) {
      if (R.Kind != RefKind::Store ||
          !llvm::StringRef(R.Chain).endswith("__import__"))
        continue;
      if (R.Chain == "__builtins__.__import__" ||
          A.qualify(Mod, R.Chain) == "builtins.__import__")
        A.report(A.finding(RuleId::LC205, Mod, R.Line, R.Col,
                           "replaces __import__, so imports run through "
                           "custom code"));
    }
    for (int32_t CI = 0; CI < static_cast<int32_t>(F.Classes.size()); ++CI) {
      for (int32_t FI : A.methods(Mod, CI)) {
        const FunctionFact &Fn = F.Functions[FI];
        if (!llvm::is_contained(Hooks, Fn.Name))
          continue;
        A.report(
            A.finding(RuleId::LC205, Mod, F.Classes[CI].Line, F.Classes[CI].Col,
                      "class " + F.Classes[CI].Name + " defines " + Fn.Name +
                          ", an import " +
                          (Fn.Name == "exec_module" ? "loader" : "finder")));
        break;
      }
    }
  }
}

} // namespace lazycheck
