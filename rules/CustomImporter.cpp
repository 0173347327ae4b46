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
  __builtins__.__import__ = f) and import finders and loaders: classes
  defining find_spec or find_module (finders) or exec_module (loaders)
  that are part of the import system, because one of their bases comes
  from importlib (importlib.abc.MetaPathFinder, importlib.machinery's
  loaders, directly or through the project's own classes) or because
  the module installs something into sys.meta_path or sys.path_hooks.
  A class that merely has a method of that name (a dependency scanner's
  find_module) is not reported.

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

/// Whether the class, or a class it derives from, names a base from
/// importlib (importlib.abc.Loader, importlib.machinery.PathFinder, ...).
static bool derivesFromImportlib(Analysis &A, uint32_t Mod, int32_t Class) {
  std::vector<std::pair<uint32_t, int32_t>> Queue{{Mod, Class}};
  for (size_t Q = 0; Q < Queue.size() && Q < 32; ++Q) {
    auto [M, C] = Queue[Q];
    for (const std::string &Base : A.module(M).Facts.Classes[C].Bases)
      if (llvm::StringRef(A.qualify(M, Base)).startswith("importlib."))
        return true;
    for (auto B : A.bases(M, C))
      if (!llvm::is_contained(Queue, B))
        Queue.push_back(B);
  }
  return false;
}

/// Whether the module puts something into sys.meta_path or sys.path_hooks
/// (anywhere: an install() function counts).
static bool installsHooks(Analysis &A, uint32_t Mod) {
  for (const Reference &R : A.module(Mod).Facts.References) {
    if (R.Kind == RefKind::Load || !R.Chain.contains("_"))
      continue;
    std::string Qualified = A.qualify(Mod, R.Chain);
    llvm::StringRef Rest(Qualified);
    if (Rest.consume_front("sys.meta_path") ||
        Rest.consume_front("sys.path_hooks"))
      if (R.Kind != RefKind::Call ||
          (Rest.consume_front(".") && A.K.isMutatingMethod(Rest)))
        return true;
  }
  return false;
}

void checkCustomImporter(Analysis &A) {
  static const char *const Hooks[] = {"find_spec", "find_module",
                                      "exec_module"};
  A.forEachModule([&](uint32_t Mod) {
    const ModuleFacts &F = A.module(Mod).Facts;
    std::optional<bool> Installs;
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
        if (!Installs)
          Installs = installsHooks(A, Mod);
        if (!*Installs && !derivesFromImportlib(A, Mod, CI))
          break; // a method of that name, not an import hook
        A.report(
            A.finding(RuleId::LC205, Mod, F.Classes[CI].Line, F.Classes[CI].Col,
                      "class " + F.Classes[CI].Name + " defines " + Fn.Name +
                          ", an import " +
                          (Fn.Name == "exec_module" ? "loader" : "finder")));
        break;
      }
    }
  });
}

} // namespace lazycheck
