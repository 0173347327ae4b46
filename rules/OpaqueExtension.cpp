//===- OpaqueExtension.cpp - LC306 opaque-extension -----------------------===//
//
// Imports of compiled extension modules of the importer's own package,
// whose initialisation lazycheck cannot see; kept eager, informational.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"
#include "llvm/ADT/DenseSet.h"

namespace lazycheck {

extern const char DocLC306[];
const char DocLC306[] = R"md(LC306 opaque-extension

What it does
  Reports an import, run at import time, of a compiled extension module
  (a .so or .pyd, or a module with no source lazycheck can read) that
  belongs to the same top-level package as the importing module, such as
  `from ._libs.tslibs import timestamps` in a library's own package. It
  is information: lazycheck cannot analyse such a module, so it keeps it
  eager rather than guess. It does read the module names the binary
  carries (Cython keeps each module it imports as a string) and counts
  them as imports its initialisation may run, so import cycles through
  extensions are found (LC303).

Why it breaks under lazy imports
  An extension's initialisation is native code: it registers types,
  sets up C state and often imports its sibling extensions, relying on
  the order in which the package's __init__ imports them. Deferred
  imports run those initialisations in a different order, or only some
  of them, and a sibling's "cannot import name" follows. None of this
  is visible in Python source.

Example
  # lib/_native/__init__.py
  from .timestamps import Timestamp      # lazycheck: LC306
  from .offsets import DateOffset        # offsets imports timestamps

Use instead
  Nothing to change: lazycheck's manifest lists these extension modules
  as eager, so they initialise in today's order. Extension modules of
  other distributions are not reported; their own package imports them.
  To keep a particular one lazy, accept the finding with
  `# lazycheck: ignore[LC306]`.
)md";

void checkOpaqueExtension(Analysis &A) {
  llvm::DenseSet<std::pair<uint32_t, uint32_t>> Seen; // importer, target
  for (uint32_t II : A.sortedImports()) {
    const ResolvedImport &I = A.P.Imports[II];
    const ImportFact &F = A.P.fact(I);
    const Module &T = A.module(I.Target);
    if (!F.runsAtImportTime() || !F.pep810Eligible() ||
        T.Kind != ModuleKind::Compiled ||
        T.Name.substr(0, T.Name.find('.')) !=
            A.module(I.Importer)
                .Name.substr(0, A.module(I.Importer).Name.find('.')) ||
        !Seen.insert({I.Importer, I.Target}).second)
      continue;
    Diagnostic D = A.finding(
        RuleId::LC306, I.Importer, F.Line, F.Col,
        T.Name + " is a compiled extension module of this package: lazycheck "
                 "cannot see what its initialisation does (it often imports "
                 "its siblings in a fixed order), so it stays eager");
    D.Module = T.Name;
    D.Eager.push_back(T.Name);
    A.report(std::move(D));
  }
}

} // namespace lazycheck
