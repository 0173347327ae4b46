//===- SideEffectImport.cpp - LC301 side-effect-import --------------------===//
//
// Imports whose bound name is never read, kept only for the import-time
// effects of their target, which a lazy import never runs.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"
#include "llvm/ADT/DenseSet.h"

namespace lazycheck {

extern const char DocLC301[];
const char DocLC301[] = R"md(LC301 side-effect-import

What it does
  Finds an import that runs at import time, whose bound name is never
  read in the importing module (nor listed in __all__), and whose
  target, or a module the target imports at import time, has an
  import-time effect (LC101-LC106). The message names the effect and
  where it is. Unused imports of modules without effects, used
  imports, and star imports are not reported.

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
/// are left out: they are imported for their own sake elsewhere. -1 when
/// none.
static int32_t firstEffectful(Analysis &A, uint32_t Start, uint32_t Importer) {
  const auto &Succ = A.importTimeSuccessors();
  llvm::StringRef Top = topLevel(A.module(Start).Name);
  llvm::StringRef Running = A.module(Importer).Name;
  std::vector<uint32_t> Queue{Start};
  llvm::DenseSet<uint32_t> Seen{Start};
  for (size_t Q = 0; Q < Queue.size(); ++Q) {
    if (A.effectOf(Queue[Q]))
      return static_cast<int32_t>(Queue[Q]);
    for (uint32_t N : Succ[Queue[Q]]) {
      llvm::StringRef Name = A.module(N).Name;
      if (topLevel(Name) != Top || N == Importer ||
          Running.startswith((Name + ".").str()))
        continue;
      if (Seen.insert(N).second)
        Queue.push_back(N);
    }
  }
  return -1;
}

void checkSideEffectImport(Analysis &A) {
  llvm::DenseSet<std::pair<uint32_t, uint32_t>> Reported; // module, fact
  for (uint32_t II : A.P.sortedImports()) {
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
    // A package's __init__ re-exports what it imports (its public API, used
    // as pkg.Name), except submodules imported for their effect.
    if (A.module(I.Importer).IsPackage && F.Kind != ImportKind::Import &&
        A.module(I.Target).Name != A.importedModule(I.Importer, F) + "." +
                                       F.Names[I.Names.front()].Imported)
      continue;
    // The target, and the packages above it that the importer is not in.
    llvm::SmallVector<uint32_t, 3> Runs{I.Target};
    llvm::StringRef Importer = A.module(I.Importer).Name;
    for (uint32_t Parent : I.Parents)
      if (!Importer.startswith(A.module(Parent).Name + "."))
        Runs.push_back(Parent);
    for (uint32_t T : Runs) {
      int32_t E = firstEffectful(A, T, I.Importer);
      if (E < 0 || static_cast<uint32_t>(E) == I.Importer)
        continue;
      if (!Reported.insert({I.Importer, I.FactIndex}).second)
        break;
      const Diagnostic *Effect = A.effectOf(static_cast<uint32_t>(E));
      std::string Via = static_cast<uint32_t>(E) == T
                            ? ""
                            : ", which imports " + A.module(E).Name;
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
      D.Notes.push_back(
          {Effect->Path, Effect->Line, Effect->Col, Effect->Message});
      A.report(std::move(D));
      break;
    }
  }
}

} // namespace lazycheck
