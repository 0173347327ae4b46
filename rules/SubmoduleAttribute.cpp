//===- SubmoduleAttribute.cpp - LC302 submodule-attribute -----------------===//
//
// Submodules reached as attributes of a package (pkg.sub.x) in a module
// that never imports them.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include <algorithm>

namespace lazycheck {

extern const char DocLC302[];
const char DocLC302[] = R"md(LC302 submodule-attribute

What it does
  Finds an attribute chain pkg.sub.x, anywhere in the module (inside
  functions too), where pkg is bound by `import pkg` or
  `import pkg.other`, pkg.sub is a submodule in the analysed code,
  and neither this module (import pkg.sub, from pkg import sub,
  from pkg.sub import ...) nor pkg/__init__.py imports it. Plain names
  defined in pkg/__init__.py are not reported, nor are submodules of a
  package with a module-level __getattr__ (PEP 562), which may import
  them on first access.

  Also finds a package's own module-level code reading or deleting the
  name of a submodule it imports only with `from .sub import X`: the
  import system binds `sub` in the package as a side effect
  (`from .adagrad import Adagrad` then `del adagrad`).

Why it breaks under lazy imports
  Importing a submodule sets it as an attribute of its package, so
  pkg.sub works only because some other module imported pkg.sub first.
  With lazy imports that other import may not have run yet: its
  module binds a proxy, and the submodule is loaded only when that
  module uses the name. Here pkg.sub then fails with "AttributeError:
  module 'pkg' has no attribute 'sub'". The code already depended on
  import order; lazy imports change the order. In the package itself, a
  lazy `from .sub import X` binds X to a proxy and leaves `sub` unbound
  until X is used: `del sub` raises NameError.

Example
  # app/report.py
  import app

  def render(rows):
      return app.formats.csv.dump(rows)  # lazycheck: LC302

Use instead
  Import the submodule you use:

  import app.formats.csv

  def render(rows):
      return app.formats.csv.dump(rows)

  or `from app.formats import csv`. Until then lazycheck's manifest
  lists pkg.sub as eager: wherever another module imports it, it is
  loaded and set on pkg at once, as today; the code still depends on
  import order, as it did before. To accept the finding, add
  `# lazycheck: ignore[LC302]`.
)md";

/// The modules from Mod's import-time imports to the nearest one that
/// imports Sub (breadth-first; Mod itself left out); empty when none does.
static std::vector<uint32_t> chainToImporterOf(Analysis &A, uint32_t Mod,
                                               uint32_t Sub) {
  const auto &Succ = A.importTimeSuccessors();
  std::vector<uint32_t> Queue{Mod};
  llvm::DenseMap<uint32_t, uint32_t> Via{{Mod, Mod}};
  for (size_t Q = 0; Q < Queue.size() && Q < 4096; ++Q) {
    uint32_t M = Queue[Q];
    if (M != Mod && llvm::is_contained(Succ[M], Sub)) {
      std::vector<uint32_t> Chain;
      for (uint32_t X = M; X != Mod; X = Via[X])
        Chain.push_back(X);
      std::reverse(Chain.begin(), Chain.end());
      return Chain;
    }
    for (uint32_t N : Succ[M])
      if (N != Sub && Via.try_emplace(N, M).second)
        Queue.push_back(N);
  }
  return {};
}

/// A package reading a name that only its import of a submodule binds.
static void checkOwnSubmoduleNames(Analysis &A, uint32_t Pkg) {
  const Module &M = A.module(Pkg);
  for (const ModuleFacts::NameUse &U : M.Facts.UnimportedReads) {
    if (A.binding(Pkg, U.Name))
      continue;
    std::string Sub = M.Name + "." + U.Name;
    const ImportFact *By = nullptr;
    for (uint32_t II : A.importsOf(Pkg)) {
      const ResolvedImport &I = A.P.Imports[II];
      const ImportFact &F = A.P.fact(I);
      if (A.module(I.Target).Name == Sub && F.runsAtImportTime() &&
          F.pep810Eligible())
        By = &F;
    }
    if (!By)
      continue;
    Diagnostic D = A.finding(
        RuleId::LC302, Pkg, U.Line, U.Col,
        "uses " + U.Name + ", which only the import of " + Sub +
            " binds here (the import system sets it on the package); a "
            "lazy import leaves it unbound");
    D.Notes.push_back(A.note(Pkg, By->Line, By->Col, "imports " + Sub));
    D.Module = Sub;
    D.Eager.push_back(Sub);
    A.report(std::move(D));
  }
}

void checkSubmoduleAttribute(Analysis &A) {
  const auto &Succ = A.importTimeSuccessors();
  A.forEachModule([&](uint32_t Mod) {
    const ModuleFacts &F = A.module(Mod).Facts;
    llvm::StringRef Self = A.module(Mod).Name;
    // Every module this one imports anywhere, with their packages.
    llvm::StringSet<> Imported;
    for (uint32_t II : A.importsOf(Mod))
      Imported.insert(A.module(A.P.Imports[II].Target).Name);
    llvm::StringSet<> Reported;
    // Each `pkg.attr` is decided once per module, at its first use: the
    // answer depends only on the two names.
    llvm::StringSet<> Seen;
    for (const Reference &R : F.References) {
      if (R.Root != RootKind::Global)
        continue;
      // The first two segments of the chain: `pkg.attr...`.
      llvm::StringRef Chain = R.Chain;
      size_t Dot = Chain.find('.');
      if (Dot == llvm::StringRef::npos)
        continue;
      llvm::StringRef Root = Chain.take_front(Dot);
      llvm::StringRef Attr = Chain.drop_front(Dot + 1).split('.').first;
      if (Root.endswith("()") || Attr.endswith("()") ||
          !Seen.insert(Chain.take_front(Dot + 1 + Attr.size())).second)
        continue;
      const Analysis::Binding *B = A.binding(Mod, Root);
      if (!B || B->K != Analysis::Binding::Import)
        continue;
      const ImportFact &Imp = F.Imports[B->Index];
      if (Imp.Kind != ImportKind::Import)
        continue;
      const ImportedName &N = Imp.Names[B->Name];
      bool Aliased = N.Bound != llvm::StringRef(N.Imported).split('.').first;
      std::string Package = Aliased ? N.Imported : N.Bound;
      std::string Sub = Package + "." + Attr.str();
      int32_t SubMod = A.moduleByName(Sub);
      int32_t PkgMod = A.moduleByName(Package);
      // A package with a module-level __getattr__ (PEP 562) may import
      // its submodules on first access itself (numpy.testing).
      if (SubMod < 0 || PkgMod < 0 || !A.module(PkgMod).Parsed ||
          A.binding(PkgMod, "__getattr__") ||
          A.module(SubMod).Kind == ModuleKind::Missing || Reported.count(Sub) ||
          isModuleOrBelow(Self, Sub) || Self == Package)
        continue;
      // Imported here, in any form, anywhere in the file?
      if (llvm::any_of(Imported, [&](const auto &E) {
            return isModuleOrBelow(E.getKey(), Sub);
          }))
        continue;
      // Does the package itself import it (or bind the name otherwise)?
      if (A.binding(PkgMod, Attr) ||
          llvm::any_of(Succ[PkgMod], [&](uint32_t T) {
            return isModuleOrBelow(A.module(T).Name, Sub);
          }))
        continue;
      Reported.insert(Sub);
      Diagnostic D = A.finding(
          RuleId::LC302, Mod, R.Line, R.Col,
          Sub + " is reached as an attribute of " + Package +
              ", but neither this module nor " + Package +
              " imports it; it is there only if another module imported "
              "it first");
      // Wherever another module imports pkg.sub, it must be loaded (and set
      // on pkg) at once, as it is today; and when a module this one imports
      // at import time is what imports it, so must the modules on the way.
      for (uint32_t M :
           chainToImporterOf(A, Mod, static_cast<uint32_t>(SubMod)))
        D.Eager.push_back(A.module(M).Name);
      D.Eager.push_back(Sub);
      A.report(std::move(D));
    }
    if (A.module(Mod).IsPackage)
      checkOwnSubmoduleNames(A, Mod);
  });
}

} // namespace lazycheck
