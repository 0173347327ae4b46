//===- SideEffectImport.cpp - LC301 side-effect-import --------------------===//
//
// Imports whose bound name is never read, kept only for the import-time
// effects of their target, which a lazy import never runs.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <algorithm>

namespace lazycheck {

extern const char DocLC301[];
const char DocLC301[] = R"md(LC301 side-effect-import

What it does
  Finds an import that runs at import time, whose bound name is never
  read in the importing module (nor listed in __all__), and whose
  target, or a module the target imports at import time, has an
  import-time effect (LC101-LC106). The message names the effect and
  where it is. Unused imports of modules without effects, used
  imports, and star imports are not reported; nor are re-exports:
  `from m import Name` of a name that is not a module (unless it is
  hidden under a private alias, `from m import Name as _Name`), and,
  in a package's __init__, a public submodule that has no effect of
  its own. An effect that another import of the same module runs
  anyway is not reported either: one that a star import or a name
  used at import time runs, or a
  registration into a library's own state that runs when this module
  first uses that library.

Why it breaks under lazy imports
  The import is only there to run the target's body. Under PEP 810 a
  lazy import binds a proxy and runs the body on first use of the
  name; the name is never used, so the body never runs. Under
  LazyLoader the body runs on first attribute access, which never
  comes either. The registration, patch or configuration is silently
  missing, and linters (F401) invite deleting the line as well.

Example
  # app/main.py
  import app.signals                 # lazycheck: LC301
  from app.models import User

  # app/signals.py
  from app.events import post_save
  post_save.connect(send_welcome_mail)   # LC102

Use instead
  Make the dependency explicit: call a function of the target from the
  entry point (app.signals.connect_all()), which both runs the effect
  and uses the name; or import the target where its effect is needed,
  for example in the module that reads the registry it fills.

  Otherwise keep the import eager: lazycheck's manifest lists the
  target as eager, so this import runs its body at once. Or accept the
  finding with `# lazycheck: ignore[LC301]`.
)md";

static llvm::StringRef topLevel(llvm::StringRef Name) {
  return Name.split('.').first;
}

/// The first module with an import-time effect that running Start runs:
/// Start itself or a module of the same top-level package that it imports
/// at import time (breadth-first, so the nearest), skipping the importer and
/// its packages, which are running already. Modules of other distributions
/// are left out: they are imported for their own sake elsewhere. Returns
/// the chain of imports from Start to it (Start first); empty when none.
static std::vector<uint32_t> firstEffectful(Analysis &A, uint32_t Start,
                                            uint32_t Importer) {
  const auto &Succ = A.importTimeSuccessors();
  llvm::StringRef Top = topLevel(A.module(Start).Name);
  llvm::StringRef Running = A.module(Importer).Name;
  std::vector<uint32_t> Queue{Start};
  llvm::DenseMap<uint32_t, uint32_t> Via{{Start, Start}};
  for (size_t Q = 0; Q < Queue.size(); ++Q) {
    uint32_t M = Queue[Q];
    if (A.effectOf(M)) {
      std::vector<uint32_t> Chain{M};
      while (Chain.back() != Start)
        Chain.push_back(Via[Chain.back()]);
      std::reverse(Chain.begin(), Chain.end());
      return Chain;
    }
    for (uint32_t N : Succ[M]) {
      llvm::StringRef Name = A.module(N).Name;
      if (topLevel(Name) != Top || N == Importer ||
          isSubmoduleOf(Running, Name))
        continue;
      if (Via.try_emplace(N, M).second)
        Queue.push_back(N);
    }
  }
  return {};
}

/// Whether import II binds a name the importer reads (at import time, or
/// anywhere).
static bool bindsReadName(Analysis &A, uint32_t II, bool AtImportTime) {
  const ResolvedImport &I = A.P.Imports[II];
  const ImportFact &F = A.P.fact(I);
  auto Read = [&](const ImportedName &N) {
    return AtImportTime ? N.ReadAtImportTime : N.Read;
  };
  if (F.Kind == ImportKind::Import)
    return !F.Names.empty() && Read(F.Names[0]);
  return llvm::any_of(I.Names, [&](uint16_t NI) { return Read(F.Names[NI]); });
}

/// Every module that the importer's used imports run at import time
/// (their targets, parent packages and all they import): whatever runs
/// there runs when those names are used, lazily or not.
static llvm::DenseSet<uint32_t> runByUsedImports(Analysis &A, uint32_t Importer,
                                                 bool AtImportTime) {
  const auto &Succ = A.importTimeSuccessors();
  std::vector<uint32_t> Queue;
  llvm::DenseSet<uint32_t> Seen;
  auto Push = [&](uint32_t M) {
    if (Seen.insert(M).second)
      Queue.push_back(M);
  };
  for (uint32_t II : A.importsOf(Importer)) {
    const ResolvedImport &I = A.P.Imports[II];
    const ImportFact &F = A.P.fact(I);
    // Star imports are never lazy: they run their target at once.
    if (!F.runsAtImportTime() ||
        (F.Kind != ImportKind::Star && !bindsReadName(A, II, AtImportTime)))
      continue;
    Push(I.Target);
    for (uint32_t Parent : I.Parents)
      Push(Parent);
  }
  for (size_t Q = 0; Q < Queue.size(); ++Q)
    for (uint32_t N : Succ[Queue[Q]])
      Push(N);
  return Seen;
}

void checkSideEffectImport(Analysis &A) {
  llvm::DenseSet<std::pair<uint32_t, uint32_t>> Reported; // module, fact
  // Per importer: what its imports used at import time run, and what its
  // imports used anywhere run.
  llvm::DenseMap<std::pair<uint32_t, unsigned>, llvm::DenseSet<uint32_t>>
      RunAnyway;
  auto RunsAnyway = [&](uint32_t Importer, bool AtImportTime, uint32_t M) {
    auto [It, New] = RunAnyway.try_emplace({Importer, AtImportTime ? 1u : 0u});
    if (New)
      It->second = runByUsedImports(A, Importer, AtImportTime);
    return It->second.contains(M);
  };
  for (uint32_t II : A.sortedImports()) {
    const ResolvedImport &I = A.P.Imports[II];
    const ImportFact &F = A.P.fact(I);
    if (!F.runsAtImportTime() || F.Future ||
        (F.Kind != ImportKind::Import && F.Kind != ImportKind::From &&
         F.Kind != ImportKind::Relative))
      continue;
    // Every name this import binds for this target is never read.
    bool Unread = true;
    if (F.Kind == ImportKind::Import) {
      Unread =
          !F.Names.empty() && !F.Names[0].Bound.empty() && !F.Names[0].Read;
    } else {
      for (uint16_t NI : I.Names)
        Unread = Unread && !F.Names[NI].Bound.empty() && !F.Names[NI].Read;
      Unread = Unread && !I.Names.empty();
    }
    if (!Unread)
      continue;
    // `from m import Name` of a name that is not a module binds an object
    // for others to use (a re-export: `from .impl import Thing` in a
    // package or a compatibility module); a public one is left alone. A
    // public submodule a package's __init__ imports is API too, reported
    // only when the submodule itself has effects (`from . import plugins`),
    // not for what the submodule imports in turn.
    bool Reexport = false;
    if (F.Kind != ImportKind::Import) {
      const ImportedName &First = F.Names[I.Names.front()];
      bool Public = !llvm::StringRef(First.Bound).startswith("_");
      bool Submodule = A.module(I.Target).Name ==
                       A.importedModule(I.Importer, F) + "." + First.Imported;
      // Hidden under a private alias (`import x as _x`): not for others.
      bool HiddenAlias = !Public && First.Bound != First.Imported;
      if (!Submodule && !HiddenAlias)
        continue;
      Reexport = Submodule && Public && A.module(I.Importer).IsPackage;
    }
    // The target, and the packages above it that the importer is not in.
    llvm::SmallVector<uint32_t, 3> Runs{I.Target};
    llvm::StringRef Importer = A.module(I.Importer).Name;
    for (uint32_t Parent : I.Parents)
      if (!isSubmoduleOf(Importer, A.module(Parent).Name))
        Runs.push_back(Parent);
    for (uint32_t T : Runs) {
      std::vector<uint32_t> Chain = firstEffectful(A, T, I.Importer);
      if (Chain.empty())
        continue;
      uint32_t E = Chain.back();
      if (E == I.Importer || (Reexport && E != T))
        continue;
      // Another import the importer uses runs it anyway: while the importer
      // initialises, or, for a registration into a module's state (which
      // only code going through that library can see), whenever the
      // importer first uses that library.
      const Diagnostic *Found = A.effectOf(E);
      bool ModuleState = Found->Rule == RuleId::LC101 ||
                         Found->Rule == RuleId::LC102 ||
                         Found->Rule == RuleId::LC103;
      if (RunsAnyway(I.Importer, true, E) ||
          (ModuleState && RunsAnyway(I.Importer, false, E)))
        continue;
      if (!Reported.insert({I.Importer, I.FactIndex}).second)
        break;
      const Diagnostic *Effect = Found;
      std::string Via = E == T ? "" : ", which imports " + A.module(E).Name;
      std::string Msg = importStatementText(F) +
                        " binds names never read here, so a lazy import "
                        "never runs " +
                        A.module(T).Name + Via +
                        ", which has import-time effects (" +
                        ruleInfo(Effect->Rule).Code.str() + " at " +
                        Effect->Path + ":" + std::to_string(Effect->Line) + ")";
      Diagnostic D =
          A.finding(RuleId::LC301, I.Importer, F.Line, F.Col, std::move(Msg));
      D.Module = A.module(T).Name;
      // The import must run its target, and the target each module on the
      // way to the effect, at once.
      for (uint32_t M : Chain)
        D.Eager.push_back(A.module(M).Name);
      D.Notes.push_back(
          {Effect->Path, Effect->Line, Effect->Col, Effect->Message});
      A.report(std::move(D));
      break;
    }
  }
}

} // namespace lazycheck
