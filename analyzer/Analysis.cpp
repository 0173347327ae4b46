//===- Analysis.cpp - Whole-program effect analysis -----------------------===//
#include "Analysis.h"
#include "ExpressionScanner.h"
#include "Parallel.h"
#include "PassTimer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <array>
#include <chrono>
#include <functional>

namespace lazycheck {

/// How deep calls are followed from a module-level call.
static constexpr unsigned MaxCallDepth = 8;
/// How many distinct effects a function summary keeps.
static constexpr size_t MaxEffects = 4;
/// How many re-exports, aliases and bases resolution follows.
static constexpr unsigned MaxResolveDepth = 12;

// Every rule's check, from the catalogue.
#define RULE(Id, Name, Sev, Check, Input, Summary) void Check(Analysis &A);
#include "Rules.def"

/// The engine reports LC0xx while reading and parsing.
void engineDiagnostic(Analysis &) {}

/// Where report() puts findings on a thread inside forEachModule or running
/// the checks that read only facts (null elsewhere). Only this file touches
/// it.
static thread_local DiagnosticList *TaskFindings = nullptr;

void Analysis::run(bool TimeRules) {
  {
    // Every rule looks names up in most modules: index them all up front,
    // in parallel (each module's index is its own, built from its facts).
    // Unparsed modules get their (empty) index too, so that no check
    // builds one while another check reads them.
    PassTimer Timer(TimeRules, "module indexes");
    parallelForIndex(static_cast<uint32_t>(P.Modules.size()),
                     [this](uint32_t M) { Indexes[M] = buildIndex(M); });
  }
  // What checks of both kinds read, built before they start, and what the
  // effect engine will ask, built on every worker.
  buildSharedReads();
  (void)sortedImports();
  buildForeignNames();

  // The checks that read the effect engine run one after another on one
  // task, reporting into Findings (effectOf reads it). The others run at
  // the same time, each on a task of its own with its own list (those that
  // read the cycles' touches, built on first use, on one task together),
  // so that a worker done with the first kind takes up the rest. Findings
  // are sorted at the end, so the output does not depend on which finished
  // first.
  struct Check {
    const char *Id;
    void (*Run)(Analysis &);
    RuleInput Input;
  };
  static constexpr Check Checks[] = {
#define RULE(Id, Name, Sev, Check, Input, Summary)                             \
  {#Id, Check, RuleInput::Input},
#include "Rules.def"
  };
  constexpr size_t Count = std::size(Checks);
  std::array<double, Count> Ms{};
  auto Timed = [&](size_t I) {
    auto Start = std::chrono::steady_clock::now();
    Checks[I].Run(*this);
    Ms[I] = std::chrono::duration<double, std::milli>(
                std::chrono::steady_clock::now() - Start)
                .count();
  };
  std::vector<std::vector<uint32_t>> Tasks; // checks, in catalogue order
  std::vector<uint32_t> CycleChecks;
  for (uint32_t I = 0; I < Count; ++I) {
    if (Checks[I].Input == RuleInput::Facts)
      Tasks.push_back({I});
    else if (Checks[I].Input == RuleInput::Cycles)
      CycleChecks.push_back(I);
  }
  if (!CycleChecks.empty())
    Tasks.push_back(std::move(CycleChecks));
  std::vector<DiagnosticList> FactFindings(Tasks.size());
  parallelInvoke(
      [&] {
        for (size_t I = 0; I < Count; ++I)
          if (Checks[I].Input == RuleInput::Effects)
            Timed(I);
      },
      [&] {
        parallelForIndex(static_cast<uint32_t>(Tasks.size()),
                         [&](uint32_t Task) {
                           // A thread waiting inside one check may run
                           // another: restore.
                           DiagnosticList *Outer = TaskFindings;
                           TaskFindings = &FactFindings[Task];
                           for (uint32_t I : Tasks[Task])
                             Timed(I);
                           TaskFindings = Outer;
                         });
      });
  if (TimeRules)
    for (size_t I = 0; I < Count; ++I)
      llvm::errs() << "lazycheck: rule " << Checks[I].Id << ": "
                   << llvm::format("%.1f", Ms[I]) << " ms"
                   << (Checks[I].Input == RuleInput::Effects ? ""
                                                             : " (alongside)")
                   << '\n';
  for (DiagnosticList &L : FactFindings)
    Findings.insert(Findings.end(), std::make_move_iterator(L.begin()),
                    std::make_move_iterator(L.end()));
  llvm::sort(Findings);
  Findings.erase(std::unique(Findings.begin(), Findings.end()), Findings.end());
}

namespace {
/// Items grouped by a key in [0, Keys): one array, in the order added
/// within each group.
template <typename T> class Grouped {
public:
  /// KeyOf(I) is the group of item I of [0, Count), or -1 for none.
  template <typename KeyFn> void build(size_t Keys, size_t Count, KeyFn KeyOf) {
    Start.assign(Keys + 1, 0);
    for (size_t I = 0; I < Count; ++I)
      if (int64_t K = KeyOf(I); K >= 0)
        ++Start[K + 1];
    for (size_t K = 0; K < Keys; ++K)
      Start[K + 1] += Start[K];
    Items.resize(Start[Keys]);
    std::vector<uint32_t> Next(Start.begin(), Start.end() - 1);
    for (size_t I = 0; I < Count; ++I)
      if (int64_t K = KeyOf(I); K >= 0)
        Items[Next[K]++] = static_cast<T>(I);
  }
  llvm::ArrayRef<T> operator[](size_t Key) const {
    return llvm::ArrayRef<T>(Items).slice(Start[Key],
                                          Start[Key + 1] - Start[Key]);
  }

private:
  std::vector<uint32_t> Start;
  std::vector<T> Items;
};
} // namespace

struct Analysis::ModuleIndex {
  llvm::StringMap<Binding> Bindings;
  /// References per function (index F+1; 0 is the module body).
  Grouped<uint32_t> ByFunction;
  /// Functions nested directly in each function.
  Grouped<int32_t> Nested;
  /// Methods of each class.
  Grouped<int32_t> Methods;
};

Analysis::Analysis(const Project &Proj, const Knowledge &Know)
    : P(Proj), K(Know) {
  Indexes.resize(P.Modules.size());
  Stars.resize(P.Modules.size());
  ImportsByImporter.resize(P.Modules.size());
  for (uint32_t II = 0; II < P.Imports.size(); ++II) {
    const ResolvedImport &I = P.Imports[II];
    ImportsByImporter[I.Importer].push_back(II);
    if (P.fact(I).Kind == ImportKind::Star && P.Modules[I.Target].Parsed) {
      Stars[I.Importer].push_back(I.Target);
      StarImported.insert(I.Target);
    }
  }
  for (uint32_t M : P.sortedModules()) {
    const Module &Mod = P.Modules[M];
    if (Mod.Parsed)
      Parsed.push_back(M);
    // Parsed modules win a name over unparsed ones (missing, compiled).
    auto [It, New] = ByName.try_emplace(Mod.Name, M);
    if (!New && !P.Modules[It->second].Parsed && Mod.Parsed)
      It->second = M;
  }
}

Analysis::~Analysis() = default;

void Analysis::report(Diagnostic D) {
  (TaskFindings ? *TaskFindings : Findings).push_back(std::move(D));
}

void Analysis::buildSharedReads() {
  for (uint32_t M : Parsed)
    index(M);
  for (const std::vector<uint32_t> &Members : P.Cycles)
    for (uint32_t M : Members)
      index(M);
  importTimePredecessors(); // and the successors
}

void Analysis::forEachModule(llvm::function_ref<void(uint32_t Mod)> Fn) {
  buildSharedReads(); // before the tasks start
  std::vector<DiagnosticList> Out(Parsed.size());
  parallelForIndex(static_cast<uint32_t>(Parsed.size()), [&](uint32_t I) {
    // A thread waiting inside Fn may run another module's task: restore.
    DiagnosticList *Outer = TaskFindings;
    TaskFindings = &Out[I];
    Fn(Parsed[I]);
    TaskFindings = Outer;
  });
  for (DiagnosticList &L : Out)
    for (Diagnostic &D : L)
      report(std::move(D));
}

int32_t Analysis::moduleByName(llvm::StringRef Name) const {
  auto It = ByName.find(Name);
  return It == ByName.end() ? -1 : static_cast<int32_t>(It->second);
}

std::string Analysis::ownerName(uint32_t Owner) const {
  if (Owner >= P.Modules.size())
    return "another module";
  return "module " + P.Modules[Owner].Name;
}

Note Analysis::note(uint32_t Mod, unsigned Line, unsigned Col,
                    std::string Message) const {
  return {P.Modules[Mod].DisplayPath, Line, Col, std::move(Message)};
}

Diagnostic Analysis::finding(RuleId R, uint32_t Mod, unsigned Line,
                             unsigned Col, std::string Message) const {
  Diagnostic D(R, P.Modules[Mod].DisplayPath, Line, Col, std::move(Message));
  D.Module = P.Modules[Mod].Name;
  // By family: an import-time effect makes its module target-eager, an
  // importer-side hazard importer-eager; LC3xx rules say what they need.
  llvm::StringRef Code = ruleInfo(R).Code;
  if (Code.startswith("LC1"))
    D.Eager.push_back(D.Module);
  else if (Code.startswith("LC2"))
    D.EagerImporter = true;
  return D;
}

Analysis::ModuleIndex &Analysis::index(uint32_t Mod) {
  std::unique_ptr<ModuleIndex> &Slot = Indexes[Mod];
  if (!Slot)
    Slot = buildIndex(Mod);
  return *Slot;
}

std::unique_ptr<Analysis::ModuleIndex>
Analysis::buildIndex(uint32_t Mod) const {
  auto Index = std::make_unique<ModuleIndex>();
  ModuleIndex &I = *Index;
  const ModuleFacts &F = P.Modules[Mod].Facts;
  // Module-level bindings in source order; the last one wins.
  struct Entry {
    unsigned Line;
    llvm::StringRef Name;
    Binding B;
  };
  std::vector<Entry> Entries;
  for (uint32_t FI = 0; FI < F.Imports.size(); ++FI) {
    const ImportFact &Imp = F.Imports[FI];
    if (Imp.Scope != ScopeKind::Module || Imp.InFunction)
      continue;
    for (uint16_t NI = 0; NI < Imp.Names.size(); ++NI)
      if (!Imp.Names[NI].Bound.empty())
        Entries.push_back(
            {Imp.Line, Imp.Names[NI].Bound, {Binding::Import, FI, NI}});
  }
  for (uint32_t FI = 0; FI < F.Functions.size(); ++FI)
    if (F.Functions[FI].Parent < 0 && F.Functions[FI].Class < 0)
      Entries.push_back({F.Functions[FI].Line,
                         F.Functions[FI].Name,
                         {Binding::Function, FI, 0}});
  for (uint32_t CI = 0; CI < F.Classes.size(); ++CI)
    if (F.Classes[CI].Function < 0 && F.Classes[CI].Class < 0)
      Entries.push_back(
          {F.Classes[CI].Line, F.Classes[CI].Name, {Binding::Class, CI, 0}});
  for (uint32_t AI = 0; AI < F.Assigns.size(); ++AI)
    Entries.push_back(
        {F.Assigns[AI].Line, F.Assigns[AI].Name, {Binding::Assign, AI, 0}});
  std::stable_sort(
      Entries.begin(), Entries.end(),
      [](const Entry &A, const Entry &B) { return A.Line < B.Line; });
  for (Entry &E : Entries) {
    // `try: from a import x` / `except ImportError: from b import x`: the
    // fallback rebinds x only when the first import fails; analyse the
    // import that normally runs.
    auto Old = I.Bindings.find(E.Name);
    if (Old != I.Bindings.end() && Old->second.K == Binding::Import &&
        E.B.K == Binding::Import &&
        F.Imports[Old->second.Index].hasContext(ContextKind::Try) &&
        F.Imports[E.B.Index].hasContext(ContextKind::Except))
      continue;
    I.Bindings[E.Name] = E.B;
  }

  I.ByFunction.build(
      F.Functions.size() + 1, F.References.size(),
      [&](size_t RI) { return int64_t(F.References[RI].Function) + 1; });
  I.Nested.build(F.Functions.size(), F.Functions.size(),
                 [&](size_t FI) { return int64_t(F.Functions[FI].Parent); });
  I.Methods.build(F.Classes.size(), F.Functions.size(),
                  [&](size_t FI) { return int64_t(F.Functions[FI].Class); });
  return Index;
}

llvm::ArrayRef<int32_t> Analysis::methods(uint32_t Mod, int32_t Class) {
  return index(Mod).Methods[Class];
}

llvm::ArrayRef<uint32_t> Analysis::sortedImports() {
  if (!SortedImports)
    SortedImports = P.sortedImports();
  return *SortedImports;
}

llvm::ArrayRef<uint32_t> Analysis::importsOf(uint32_t Mod) const {
  return ImportsByImporter[Mod];
}

const Analysis::Binding *Analysis::binding(uint32_t Mod, llvm::StringRef Name) {
  if (!P.Modules[Mod].Parsed)
    return nullptr;
  ModuleIndex &I = index(Mod);
  auto It = I.Bindings.find(Name);
  return It == I.Bindings.end() ? nullptr : &It->second;
}

bool Analysis::neverReadAsValue(uint32_t Mod, llvm::StringRef Name) {
  const ModuleFacts &F = P.Modules[Mod].Facts;
  if (!std::binary_search(F.WriteOnlyGlobals.begin(), F.WriteOnlyGlobals.end(),
                          Name))
    return false;
  // `N.m(...)` in this module: a read unless m mutates N.
  for (const Reference &R : F.References) {
    if (R.Root != RootKind::Global || R.Kind != RefKind::Call)
      continue;
    auto [Root, Method] = R.Chain.split('.');
    if (Root == Name && !Method.empty() && !K.isMutatingMethod(Method))
      return false;
  }
  // Other modules may reach it as an attribute or import it by name.
  if (foreignNames().contains(Name))
    return false;
  // `from Mod import *` elsewhere binds it there.
  return !(starExports(Mod, Name) && StarImported.contains(Mod));
}

void Analysis::buildForeignNames() {
  // Only write-only globals are asked about: look for those alone. Each
  // module's references are searched on their own, several at once.
  llvm::StringSet<> Asked;
  for (uint32_t M : Parsed)
    for (const std::string &G : P.Modules[M].Facts.WriteOnlyGlobals)
      Asked.insert(G);
  std::vector<std::vector<llvm::StringRef>> Found(Parsed.size());
  parallelForIndex(static_cast<uint32_t>(Parsed.size()), [&](uint32_t I) {
    auto Note = [&](llvm::StringRef Seg) {
      if (Asked.contains(Seg))
        Found[I].push_back(Seg);
    };
    const ModuleFacts &MF = P.Modules[Parsed[I]].Facts;
    for (const ImportFact &Imp : MF.Imports)
      for (const ImportedName &N : Imp.Names)
        Note(N.Imported);
    for (const Reference &R : MF.References) {
      llvm::StringRef Rest = R.Chain.split('.').second;
      while (!Rest.empty()) {
        auto [Seg, Tail] = Rest.split('.');
        Seg.consume_back("()");
        Note(Seg);
        Rest = Tail;
      }
    }
  });
  ForeignNames.emplace();
  for (const std::vector<llvm::StringRef> &Names : Found)
    for (llvm::StringRef Name : Names)
      ForeignNames->insert(Name);
}

bool Analysis::starExports(uint32_t Mod, llvm::StringRef Name) const {
  const std::vector<std::string> &All = P.Modules[Mod].Facts.AllNames;
  if (!All.empty())
    return llvm::is_contained(All, Name);
  return !Name.startswith("_");
}

std::string Analysis::importedModule(uint32_t Mod, const ImportFact &F) const {
  if (F.Level == 0)
    return F.Module;
  const Module &M = P.Modules[Mod];
  llvm::StringRef Package = M.IsPackage
                                ? llvm::StringRef(M.Name)
                                : llvm::StringRef(M.Name).rsplit('.').first;
  if (!M.IsPackage && !llvm::StringRef(M.Name).contains('.'))
    Package = "";
  for (unsigned L = 1; L < F.Level; ++L)
    Package = Package.contains('.') ? Package.rsplit('.').first : "";
  if (Package.empty())
    return F.Module;
  return F.Module.empty() ? Package.str() : (Package + "." + F.Module).str();
}

/// Splits a chain at dots, dropping the `()` of calls in the middle.
static llvm::SmallVector<llvm::StringRef, 4> segments(llvm::StringRef Chain) {
  llvm::SmallVector<llvm::StringRef, 4> Out;
  Chain.split(Out, '.');
  for (llvm::StringRef &S : Out)
    S.consume_back("()");
  return Out;
}

std::string Analysis::qualify(uint32_t Mod, llvm::StringRef Chain) {
  return qualifyIn(Mod, Chain, 0);
}

std::string Analysis::qualifyIn(uint32_t Mod, llvm::StringRef Chain,
                                unsigned Depth) {
  auto Segs = segments(Chain);
  std::string Rest;
  for (size_t I = 1; I < Segs.size(); ++I) {
    Rest += '.';
    Rest += Segs[I];
  }
  llvm::StringRef Root = Segs[0];
  const Binding *B = Depth < MaxResolveDepth ? binding(Mod, Root) : nullptr;
  if (!B) {
    // A name from `from m import *`: m's binding of it.
    if (Depth < MaxResolveDepth)
      for (uint32_t Target : Stars[Mod])
        if (starExports(Target, Root) && binding(Target, Root))
          return qualifyIn(Target, Chain, Depth + 1);
    return (Root + Rest).str();
  }
  const ModuleFacts &F = P.Modules[Mod].Facts;
  switch (B->K) {
  case Binding::Import: {
    const ImportFact &Imp = F.Imports[B->Index];
    const ImportedName &N = Imp.Names[B->Name];
    if (Imp.Kind == ImportKind::Import)
      return (N.Bound == llvm::StringRef(N.Imported).split('.').first
                  ? Root + Rest
                  : N.Imported + Rest)
          .str();
    return importedModule(Mod, Imp) + "." + N.Imported + Rest;
  }
  case Binding::Function:
  case Binding::Class:
    return P.Modules[Mod].Name + "." + Root.str() + Rest;
  case Binding::Assign:
    if (F.Assigns[B->Index].Value.empty()) // an object of this module's own
      return P.Modules[Mod].Name + "." + Root.str() + Rest;
    return qualifyIn(Mod, F.Assigns[B->Index].Value, Depth + 1) + Rest;
  }
  return (Root + Rest).str();
}

Analysis::Symbol Analysis::resolve(uint32_t Mod, llvm::StringRef Chain) {
  auto Segs = segments(Chain);
  return resolveIn(Mod, Segs, 0);
}

Analysis::Symbol Analysis::resolveIn(uint32_t Mod,
                                     llvm::ArrayRef<llvm::StringRef> Segs,
                                     unsigned Depth) {
  Symbol S;
  if (Segs.empty() || Depth > MaxResolveDepth || !P.Modules[Mod].Parsed)
    return S;
  const Binding *B = binding(Mod, Segs[0]);
  const ModuleFacts &F = P.Modules[Mod].Facts;
  if (!B) {
    for (uint32_t Target : Stars[Mod])
      if (starExports(Target, Segs[0]) && binding(Target, Segs[0]))
        return resolveIn(Target, Segs, Depth + 1);
    return S;
  }
  switch (B->K) {
  case Binding::Function:
    S = {Symbol::Function, Mod, static_cast<int32_t>(B->Index), Mod};
    break;
  case Binding::Class:
    S = {Symbol::Class, Mod, static_cast<int32_t>(B->Index), Mod};
    break;
  case Binding::Assign: {
    const AssignFact &A = F.Assigns[B->Index];
    if (A.Value.empty()) {
      S = {Symbol::Unknown, Mod, -1, Mod};
      break;
    }
    auto ValueSegs = segments(A.Value);
    Symbol V = resolveIn(Mod, ValueSegs, Depth + 1);
    if (!A.Call) {
      S = V;
    } else if (V.K == Symbol::Class) {
      S = {Symbol::Instance, V.Mod, V.Index, Mod};
    } else {
      S = {Symbol::Unknown, Mod, -1, Mod}; // what a call returned
    }
    break;
  }
  case Binding::Import: {
    const ImportFact &Imp = F.Imports[B->Index];
    const ImportedName &N = Imp.Names[B->Name];
    std::string Target;
    if (Imp.Kind == ImportKind::Import) {
      Target = N.Bound == llvm::StringRef(N.Imported).split('.').first
                   ? N.Bound
                   : N.Imported;
    } else {
      std::string From = importedModule(Mod, Imp);
      std::string Sub = From + "." + N.Imported;
      if (moduleByName(Sub) >= 0) {
        Target = Sub;
      } else {
        int32_t FromMod = moduleByName(From);
        if (FromMod < 0)
          return S;
        llvm::SmallVector<llvm::StringRef, 4> Inner{N.Imported};
        S = resolveIn(static_cast<uint32_t>(FromMod), Inner, Depth + 1);
        if (S.K == Symbol::Unknown && S.Owner == UnknownOwner)
          S.Owner = static_cast<uint32_t>(FromMod);
        break;
      }
    }
    int32_t T = moduleByName(Target);
    if (T < 0)
      return S;
    S = {Symbol::ModuleObj, static_cast<uint32_t>(T), -1,
         static_cast<uint32_t>(T)};
    break;
  }
  }
  for (size_t I = 1; I < Segs.size(); ++I) {
    S = member(S, Segs[I], Depth);
    if (S.K == Symbol::Unknown)
      break;
  }
  return S;
}

Analysis::Symbol Analysis::member(const Symbol &Of, llvm::StringRef Name,
                                  unsigned Depth) {
  Symbol S;
  S.Owner = Of.Owner;
  switch (Of.K) {
  case Symbol::ModuleObj: {
    std::string Sub = P.Modules[Of.Mod].Name + "." + Name.str();
    int32_t SubMod = moduleByName(Sub);
    if (SubMod >= 0 && !binding(Of.Mod, Name))
      return {Symbol::ModuleObj, static_cast<uint32_t>(SubMod), -1,
              static_cast<uint32_t>(SubMod)};
    llvm::SmallVector<llvm::StringRef, 1> Inner{Name};
    Symbol R = resolveIn(Of.Mod, Inner, Depth + 1);
    if (R.K == Symbol::Unknown && R.Owner == UnknownOwner)
      R.Owner = Of.Mod;
    return R;
  }
  case Symbol::Class:
  case Symbol::Instance: {
    auto [MM, Method] = findMethod(Of.Mod, Of.Index, Name);
    if (Method >= 0)
      return {Symbol::Function, MM, Method, Of.Owner};
    return S;
  }
  case Symbol::Function:
  case Symbol::Unknown:
    return S;
  }
  return S;
}

std::pair<uint32_t, int32_t> Analysis::findMethod(uint32_t Mod, int32_t Class,
                                                  llvm::StringRef Name) {
  // Breadth-first over the bases: close enough to the MRO for "who
  // defines this method".
  std::vector<std::pair<uint32_t, int32_t>> Queue{{Mod, Class}};
  for (size_t Q = 0; Q < Queue.size() && Q < 32; ++Q) {
    auto [M, C] = Queue[Q];
    const ModuleFacts &F = P.Modules[M].Facts;
    for (int32_t FI : methods(M, C))
      if (F.Functions[FI].Name == Name)
        return {M, FI};
    for (auto B : bases(M, C))
      if (!llvm::is_contained(Queue, B))
        Queue.push_back(B);
  }
  return {Mod, -1};
}

std::vector<std::pair<uint32_t, int32_t>> Analysis::bases(uint32_t Mod,
                                                          int32_t Class) {
  std::vector<std::pair<uint32_t, int32_t>> Out;
  const ClassFact &C = P.Modules[Mod].Facts.Classes[Class];
  for (const std::string &Base : C.Bases) {
    Symbol S = resolve(Mod, Base);
    if (S.K == Symbol::Class)
      Out.push_back({S.Mod, S.Index});
  }
  return Out;
}

RootKind Analysis::rootOf(uint32_t Mod, int32_t Function,
                          llvm::StringRef Chain) {
  llvm::StringRef Root = Chain.split('.').first.split('[').first.trim();
  if (Function >= 0 &&
      P.Modules[Mod].Facts.Functions[Function].FirstParam == Root &&
      P.Modules[Mod].Facts.Functions[Function].Class >= 0)
    return RootKind::FirstParam;
  return binding(Mod, Root) ? RootKind::Global : RootKind::Local;
}

std::string describeCall(const Reference &R) {
  if (R.Decorator)
    return ("@" + R.Chain + (R.DecoratorFactory ? "(...)" : "")).str();
  return (R.Chain + "(...)").str();
}

/// Whether a callee's effect still counts for its caller. Far from the
/// call, stores are mostly a library's own bookkeeping (caches, counters,
/// lazy set-up), so each kind is followed only so deep: catalogued APIs
/// three calls, stores into a module's registry or another module's
/// objects two, `global` rewrites and stores into self one.
bool followThroughCall(const Effect &E) {
  if (E.Owner == ProcessOwner)
    return E.Depth < 3;
  if (E.Owner == ReceiverOwner)
    return E.Depth < 1;
  if (E.Rule == RuleId::LC101 || E.Shared)
    return E.Depth < 2;
  return E.Depth < 1;
}

/// Keeps at most MaxEffects effects, one per (rule, owner, shared).
static void addEffect(std::vector<Effect> &Out, Effect E) {
  for (const Effect &O : Out)
    if (O.Rule == E.Rule && O.Owner == E.Owner && O.Shared == E.Shared)
      return;
  if (Out.size() < MaxEffects)
    Out.push_back(std::move(E));
}

std::vector<Effect> Analysis::storeEffects(uint32_t Mod, llvm::StringRef Chain,
                                           RootKind Root, bool Item,
                                           bool InModuleBody) {
  std::vector<Effect> Out =
      storeEffectsOf(Mod, Chain, Root, Item, InModuleBody);
  for (Effect &E : Out)
    E.Target = Chain.str();
  return Out;
}

std::vector<Effect> Analysis::storeEffectsOf(uint32_t Mod,
                                             llvm::StringRef Chain,
                                             RootKind Root, bool Item,
                                             bool InModuleBody) {
  std::vector<Effect> Out;
  auto Segs = segments(Chain);
  bool Dotted = Segs.size() > 1;
  if (!Dotted && !Item)
    return Out; // rebinding a name is not a store into an object
  if (!Item && K.isMetadataAttribute(Segs.back()))
    return Out; // `f.__doc__ = ...` only describes f
  if (Root == RootKind::FirstParam) {
    Effect E;
    E.Owner = ReceiverOwner;
    E.Shared = Item || Segs.size() > 2;
    E.What = "stores into " + Chain.str();
    Out.push_back(std::move(E));
    return Out;
  }
  if (Root != RootKind::Global && Root != RootKind::Free)
    return Out;
  std::string Q = qualify(Mod, Chain);
  if (K.isPureStore(Q))
    return Out;
  // `m = sys.modules.get(n); m.x = v` stores into what the call returned
  // (a module object), not into sys.modules: catalogued stores name a
  // module's own attributes.
  const Binding *RootBinding = binding(Mod, Segs[0]);
  bool IntoCallResult = RootBinding && RootBinding->K == Binding::Assign &&
                        P.Modules[Mod].Facts.Assigns[RootBinding->Index].Call;
  if (const ApiEffect *Api = IntoCallResult ? nullptr : K.store(Q)) {
    Effect E;
    E.Rule = Api->Rule;
    E.Owner = ProcessOwner;
    E.What = Api->What + " (" + Q + (Item ? "[...]" : "") + ")";
    Out.push_back(std::move(E));
    return Out;
  }
  if (Root == RootKind::Free)
    return Out;
  // A module-level name: imported (another module's object, usually), or
  // this module's own (a registry dict, an instance, a class).
  const Binding *B = binding(Mod, Segs[0]);
  // Whose object is being changed: resolve the chain up to the store.
  llvm::ArrayRef<llvm::StringRef> ObjectSegs(Segs);
  if (!Item)
    ObjectSegs = ObjectSegs.drop_back();
  uint32_t Owner = resolveIn(Mod, ObjectSegs, 0).Owner;
  if (B && B->K == Binding::Import) {
    if (Owner == Mod)
      return Out;
    Effect E;
    E.Rule = RuleId::LC101;
    E.Owner = Owner;
    E.What = (Item ? "stores into " : "assigns ") + Q + (Item ? "[...]" : "");
    Out.push_back(std::move(E));
    return Out;
  }
  if (Owner == UnknownOwner)
    Owner = Mod;
  if (InModuleBody && Owner == Mod)
    return Out; // a module setting up its own state
  if (B && B->K == Binding::Assign && Owner == Mod &&
      neverReadAsValue(Mod, Segs[0]))
    return Out; // a container nothing looks at: no one can tell
  Effect E;
  E.Owner = Owner;
  E.Shared = Item; // an entry of a registry, not a field of an object
  E.What = (Item ? "stores into " : "assigns ") + Chain.str() +
           (Item ? "[...]" : "");
  Out.push_back(std::move(E));
  return Out;
}

/// Whether a call's arguments open a file for writing: the mode argument
/// (positional index Arg, or mode=) is a string with w, a, x or +.
static bool opensForWriting(llvm::StringRef ArgText, int Arg) {
  auto Args = splitArguments(ArgText);
  llvm::StringRef Mode;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (A.consume_front("mode")) {
      A = A.ltrim();
      if (A.consume_front("=")) {
        Mode = A.trim();
        break;
      }
      continue;
    }
    if (static_cast<int>(I) == Arg && !A.contains('='))
      Mode = A;
  }
  if (Mode.empty())
    return false;
  // Only a literal mode is judged; a computed one is unknown.
  size_t Quote = Mode.find_first_of("'\"");
  if (Quote == llvm::StringRef::npos || Quote > 2)
    return false;
  llvm::StringRef Text = Mode.drop_front(Quote + 1);
  Text = Text.take_until([&](char C) { return C == Mode[Quote]; });
  return Text.find_first_of("wax+") != llvm::StringRef::npos;
}

std::vector<Effect> Analysis::callEffects(uint32_t Mod, const Reference &R,
                                          bool InModuleBody, bool &Direct) {
  std::vector<Effect> Out;
  Direct = false;
  auto Segs = segments(R.Chain);
  llvm::StringRef Last = Segs.back();
  std::string Q = qualify(Mod, R.Chain);
  if (K.isPure(Q))
    return Out;
  // Builtins the engine interprets.
  if (R.Root == RootKind::Free && Segs.size() == 1 &&
      (Last == "setattr" || Last == "delattr")) {
    auto Args = splitArguments(R.ArgText);
    if (Args.size() < 2)
      return Out;
    llvm::StringRef Target = Args[0];
    if (!llvm::all_of(Target, [](char C) {
          return llvm::isAlnum(C) || C == '_' || C == '.' ||
                 static_cast<unsigned char>(C) >= 0x80;
        }))
      return Out; // setattr(sys.modules[name], ...): not a plain name
    std::string Chain = Target.str();
    auto Name = Args[1];
    if (Name.size() >= 2 && (Name.front() == '"' || Name.front() == '\''))
      Chain += "." + Name.drop_front().drop_back().str();
    else
      Chain += ".attr";
    Direct = true;
    return storeEffects(Mod, Chain, rootOf(Mod, R.Function, Target), false,
                        InModuleBody);
  }
  if (const ApiEffect *Api = K.call(Q)) {
    if (Api->WriteModeArg >= 0 &&
        !opensForWriting(R.ArgText, Api->WriteModeArg))
      return Out;
    if (Api->Scoped && R.InWith)
      return Out; // undone when the with block exits
    Effect E;
    E.Rule = Api->Rule;
    E.Owner = ProcessOwner;
    E.What = Api->What + " (" + Q + ")";
    Out.push_back(std::move(E));
    Direct = true;
    return Out;
  }
  // A mutating method on some object: a store into that object.
  llvm::StringRef Receiver =
      Segs.size() > 1 ? llvm::StringRef(R.Chain).drop_back(Last.size() + 1)
                      : llvm::StringRef();
  bool Temporary = Receiver.contains("()"); // a method of a call's result
  if (Segs.size() > 1 && K.isMutatingMethod(Last) && !Temporary &&
      resolve(Mod, Receiver).K != Symbol::ModuleObj) {
    Direct = true;
    Out = storeEffects(Mod, Receiver, R.Root, /*Item=*/true, InModuleBody);
    if (!Out.empty() || R.Root != RootKind::Global)
      return Out;
    Direct = false;
  }
  if (R.Root == RootKind::Local)
    return Out;
  Symbol S = resolve(Mod, R.Chain);
  std::vector<Effect> Callee;
  auto Add = [&](uint32_t M, int32_t F) {
    for (const Effect &E : functionEffects(M, F))
      if (followThroughCall(E))
        addEffect(Callee, E);
  };
  if (S.K == Symbol::Function) {
    Add(S.Mod, S.Index);
    // `@factory(...)`: the decorator it returns runs too, one of its
    // nested functions; not a wrapper (`@functools.wraps(f)`), whose body
    // runs when the decorated function is called.
    if (R.DecoratorFactory)
      for (int32_t N : index(S.Mod).Nested[S.Index])
        if (llvm::none_of(P.Modules[S.Mod].Facts.Functions[N].Decorators,
                          [&](const std::string &D) {
                            return K.marksWrapper(qualify(S.Mod, D));
                          }))
          Add(S.Mod, N);
    // A method's stores into self are stores into the object it was called
    // on, unless that is the caller's own self.
    bool Method = P.Modules[S.Mod].Facts.Functions[S.Index].Class >= 0;
    if (Method && Temporary)
      llvm::erase_if(Callee, [](const Effect &E) {
        return E.Owner == ReceiverOwner; // a temporary object's state
      });
    // `Base.__init__(self, ...)`: the caller's own self too.
    bool OwnSelf =
        R.Root == RootKind::FirstParam ||
        (R.PassesSelf &&
         resolveIn(Mod, llvm::ArrayRef<llvm::StringRef>(Segs).drop_back(), 0)
                 .K == Symbol::Class);
    if (Method && !OwnSelf)
      for (Effect &E : Callee)
        if (E.Owner == ReceiverOwner)
          E.Owner = S.Owner == UnknownOwner ? S.Mod : S.Owner;
  } else if (S.K == Symbol::Class) {
    // Constructing an object: __init__ (and, applied as a decorator
    // factory, __call__); its stores into self are into the new object.
    // Only what __init__ itself does: constructors reach deep into a
    // library for reasons of their own (caches, lazy set-up).
    auto [IM, Init] = findMethod(S.Mod, S.Index, "__init__");
    if (Init >= 0)
      Add(IM, Init);
    if (R.DecoratorFactory) {
      auto [CM, CallM] = findMethod(S.Mod, S.Index, "__call__");
      if (CallM >= 0)
        Add(CM, CallM);
    }
    llvm::erase_if(Callee, [](const Effect &E) {
      return E.Owner == ReceiverOwner || E.Depth > 0;
    });
  } else if (Segs.size() > 1 && K.isRegistrationMethod(Last) &&
             R.Root != RootKind::Local) {
    // An unanalysed `x.register(...)`: a registration with x's owner.
    Effect E;
    if (R.Root == RootKind::FirstParam) {
      E.Owner = ReceiverOwner;
      E.Shared = true;
    } else {
      llvm::ArrayRef<llvm::StringRef> ReceiverSegs(Segs);
      Symbol Obj = resolveIn(Mod, ReceiverSegs.drop_back(), 0);
      E.Owner = Obj.Owner;
      if (E.Owner == UnknownOwner) {
        const Binding *B = binding(Mod, Segs[0]);
        if (!B || B->K != Binding::Import)
          E.Owner = Mod;
      }
    }
    E.What = ("registers through " + R.Chain).str();
    Direct = true;
    Out.push_back(std::move(E));
    return Out;
  }
  if (Callee.empty())
    return Out;
  std::string Called = describeCall(R);
  for (Effect &E : Callee) {
    E.Steps.insert(E.Steps.begin(),
                   note(Mod, R.Line, R.Col, "calls " + Called));
    ++E.Depth;
    Out.push_back(std::move(E));
  }
  return Out;
}

std::vector<Effect> Analysis::referenceEffects(uint32_t Mod, const Reference &R,
                                               bool InModuleBody,
                                               bool &Direct) {
  Direct = false;
  if (R.Kind == RefKind::Call)
    return callEffects(Mod, R, InModuleBody, Direct);
  if (R.Kind == RefKind::Load)
    return {};
  // `Cls.counter += 1` in a function: numbering objects as they are made,
  // not state another module looks up.
  if (R.Kind == RefKind::AugStore && !R.Item && !InModuleBody)
    return {};
  // `DECORATORS[wrapper] = deco` with wrapper a def of this call: no one
  // can find that entry before the new object exists, lazily or not.
  if (storesUnderFreshKey(Mod, R))
    return {};
  Direct = true;
  return storeEffects(Mod, R.Chain, R.Root, R.Item, InModuleBody);
}

bool Analysis::storesUnderFreshKey(uint32_t Mod, const Reference &R) {
  if (!R.Item || R.Kind != RefKind::Store || R.Function < 0 ||
      R.Root != RootKind::Global || R.Chain.contains('.') ||
      R.Chain.contains('('))
    return false;
  llvm::StringRef Key = R.ArgText.trim();
  const ModuleFacts &F = P.Modules[Mod].Facts;
  bool Fresh = llvm::any_of(F.Functions,
                            [&](const FunctionFact &Fn) {
                              return Fn.Parent == R.Function && Fn.Name == Key;
                            }) ||
               llvm::any_of(F.Classes, [&](const ClassFact &C) {
                 return C.Function == R.Function && C.Name == Key;
               });
  if (!Fresh)
    return false;
  const Binding *B = binding(Mod, R.Chain);
  return B && B->K == Binding::Assign && lookedUpOnly(Mod, R.Chain);
}

bool Analysis::lookedUpOnly(uint32_t Mod, llvm::StringRef Name) {
  auto [It, New] =
      LookedUpOnly.try_emplace((P.Modules[Mod].Name + '\0' + Name).str());
  if (!New)
    return It->second;
  // A use of the container; Rest is what follows its name in the chain.
  auto Fine = [&](const Reference &R, llvm::StringRef Rest) {
    if (R.Iterated || R.Copied)
      return false;
    if (Rest.empty())
      return R.Kind == RefKind::Store || R.Kind == RefKind::AugStore ||
             R.Kind == RefKind::Delete || R.Tested ||
             (R.Item && R.Kind == RefKind::Load);
    return R.Kind == RefKind::Call &&
           (Rest == "get" || Rest == "pop" || Rest == "setdefault" ||
            Rest == "__contains__" || Rest == "__getitem__");
  };
  // Its own module never reads it as a value (facts keep no plain-name
  // loads: `list(R)`, `return R`), at most calls its methods.
  const std::vector<std::string> &WriteOnly =
      P.Modules[Mod].Facts.WriteOnlyGlobals;
  bool Ok = std::binary_search(WriteOnly.begin(), WriteOnly.end(), Name);
  // A name no module reaches as an attribute or imports by name (every
  // write-only global is in the set asked about) can fail below only in
  // its own module: search that one alone.
  bool OwnOnly = !foreignNames().contains(Name);
  for (uint32_t M : Parsed) {
    if (!Ok)
      break;
    if (OwnOnly && M != Mod)
      continue;
    for (const Reference &R : P.Modules[M].Facts.References) {
      llvm::StringRef Chain = R.Chain;
      if (M == Mod && R.Root == RootKind::Global) {
        auto [Head, Rest] = Chain.split('.');
        if (Head == Name && !Fine(R, Rest))
          Ok = false;
        continue;
      }
      // Elsewhere: reached as an attribute (`m.NAME.get(k)`).
      llvm::StringRef Rest = Chain.split('.').second;
      while (Ok && !Rest.empty()) {
        auto [Seg, Tail] = Rest.split('.');
        if (Seg == Name && !Fine(R, Tail))
          Ok = false;
        Rest = Tail;
      }
      if (!Ok)
        break;
    }
    // Imported by name elsewhere: its uses there are under another name.
    for (const ImportFact &Imp : P.Modules[M].Facts.Imports)
      for (const ImportedName &N : Imp.Names)
        if (M != Mod && N.Imported == Name)
          Ok = false;
    if (!Ok)
      break;
  }
  It = LookedUpOnly.find((P.Modules[Mod].Name + '\0' + Name).str());
  It->second = Ok;
  return Ok;
}

const std::vector<Effect> &Analysis::functionEffects(uint32_t Mod, int32_t F) {
  FunctionKey Key(Mod, F);
  auto It = Memo.find(Key);
  if (It != Memo.end())
    return It->second;
  static const std::vector<Effect> None;
  if (InProgress.count(Key) || CallDepth >= MaxCallDepth)
    return None; // recursion: what it does is being worked out already
  InProgress.insert(Key);
  ++CallDepth;
  std::vector<Effect> Out;
  const ModuleFacts &Facts = P.Modules[Mod].Facts;
  const FunctionFact &Fn = Facts.Functions[F];
  bool Deferred = llvm::any_of(Fn.Decorators, [&](const std::string &D) {
    return K.defersBody(qualify(Mod, D));
  });
  for (const std::string &G : Fn.GlobalWrites) {
    if (Deferred)
      break;
    Effect E;
    E.Owner = Mod;
    E.What = "assigns global " + G;
    E.Steps.push_back(
        note(Mod, Fn.Line, Fn.Col, "global " + G + " in " + Fn.Qualified));
    addEffect(Out, std::move(E));
  }
  for (uint32_t RI : index(Mod).ByFunction[F + 1]) {
    if (Deferred)
      break;
    const Reference &R = Facts.References[RI];
    bool Direct = false;
    for (Effect &E : referenceEffects(Mod, R, false, Direct)) {
      if (Direct)
        E.Steps.push_back(note(Mod, R.Line, R.Col, E.What));
      addEffect(Out, std::move(E));
    }
  }
  --CallDepth;
  InProgress.erase(Key);
  return Memo[Key] = std::move(Out);
}

const std::vector<ImportTimeEffect> &Analysis::importTimeEffects() {
  if (!ModuleEffects)
    collectModuleEffects();
  return *ModuleEffects;
}

void Analysis::collectModuleEffects() {
  ModuleEffects.emplace();
  for (uint32_t Mod : Parsed) {
    const ModuleFacts &Facts = P.Modules[Mod].Facts;
    for (uint32_t RI : index(Mod).ByFunction[0]) {
      const Reference &R = Facts.References[RI];
      if (!R.ImportTime)
        continue;
      bool Direct = false;
      for (Effect &E : referenceEffects(Mod, R, true, Direct)) {
        // Only what reaches beyond the module itself, and, for a package,
        // beyond its own submodules: nothing can reach pkg.sub's state
        // without running pkg first.
        if (E.Owner == Mod || E.Owner == ReceiverOwner ||
            (P.Modules[Mod].IsPackage && E.Owner < P.Modules.size() &&
             isSubmoduleOf(P.Modules[E.Owner].Name, P.Modules[Mod].Name)))
          continue;
        if (Direct)
          E.Steps.push_back(note(Mod, R.Line, R.Col, E.What));
        ModuleEffects->push_back({Mod, RI, std::move(E), Direct});
      }
    }
  }
}

const Diagnostic *Analysis::effectOf(uint32_t Mod) {
  if (!Effectful) {
    Effectful.emplace();
    // The first (by location) import-time finding of each module.
    for (size_t I = 0; I < Findings.size(); ++I) {
      const Diagnostic &D = Findings[I];
      llvm::StringRef Code = ruleInfo(D.Rule).Code;
      if (!Code.startswith("LC1") || D.Module.empty())
        continue;
      int32_t M = moduleByName(D.Module);
      if (M < 0)
        continue;
      auto [It, New] = Effectful->try_emplace(static_cast<uint32_t>(M), I);
      if (!New && D < Findings[It->second])
        It->second = I;
    }
  }
  auto It = Effectful->find(Mod);
  return It == Effectful->end() ? nullptr : &Findings[It->second];
}

const std::vector<std::vector<uint32_t>> &Analysis::importTimeSuccessors() {
  if (!Successors) {
    Successors.emplace(P.Modules.size());
    for (const DependencyEdge &E : P.Edges)
      if (E.ImportTime && E.From != E.To &&
          ((*Successors)[E.From].empty() ||
           (*Successors)[E.From].back() != E.To))
        (*Successors)[E.From].push_back(E.To); // edges are sorted by From, To
  }
  return *Successors;
}

llvm::ArrayRef<DependencyEdge> Analysis::edgesFrom(uint32_t From) const {
  auto Lo = std::partition_point(
      P.Edges.begin(), P.Edges.end(),
      [&](const DependencyEdge &E) { return E.From < From; });
  auto Hi =
      std::partition_point(Lo, P.Edges.end(), [&](const DependencyEdge &E) {
        return E.From == From;
      });
  return llvm::ArrayRef<DependencyEdge>(P.Edges).slice(Lo - P.Edges.begin(),
                                                       Hi - Lo);
}

const std::vector<std::vector<uint32_t>> &Analysis::importTimePredecessors() {
  if (!Predecessors) {
    Predecessors.emplace(P.Modules.size());
    const auto &Succ = importTimeSuccessors();
    for (uint32_t M = 0; M < Succ.size(); ++M)
      for (uint32_t To : Succ[M])
        (*Predecessors)[To].push_back(M);
  }
  return *Predecessors;
}

uint32_t Analysis::edgeImport(uint32_t From, uint32_t To) const {
  uint32_t Best = UINT32_MAX;
  for (const DependencyEdge &E : edgesFrom(From))
    if (E.To == To && E.ImportTime) {
      const ImportFact &F = P.fact(P.Imports[E.Via]);
      if (Best == UINT32_MAX || std::make_pair(F.Line, F.Col) <
                                    std::make_pair(P.fact(P.Imports[Best]).Line,
                                                   P.fact(P.Imports[Best]).Col))
        Best = E.Via;
    }
  return Best;
}

llvm::DenseMap<uint32_t, uint32_t> Analysis::breadthFirstTree(
    uint32_t From, const llvm::DenseSet<uint32_t> &Within, uint32_t StopAt) {
  const auto &Succ = importTimeSuccessors();
  llvm::DenseMap<uint32_t, uint32_t> Prev{{From, From}};
  std::vector<uint32_t> Queue{From};
  for (size_t Q = 0; Q < Queue.size(); ++Q) {
    uint32_t N = Queue[Q];
    if (N == StopAt)
      break;
    for (uint32_t S : Succ[N])
      if (Within.count(S) && Prev.try_emplace(S, N).second)
        Queue.push_back(S);
  }
  return Prev;
}

std::vector<uint32_t>
Analysis::pathIn(const llvm::DenseMap<uint32_t, uint32_t> &Tree, uint32_t From,
                 uint32_t To) {
  if (!Tree.count(To))
    return {};
  std::vector<uint32_t> Path{To};
  while (Path.back() != From)
    Path.push_back(Tree.find(Path.back())->second);
  std::reverse(Path.begin(), Path.end());
  return Path;
}

std::vector<uint32_t>
Analysis::shortestPath(uint32_t From, uint32_t To,
                       const llvm::DenseSet<uint32_t> &Within) {
  return pathIn(breadthFirstTree(From, Within, To), From, To);
}

std::vector<uint32_t> Analysis::cyclePath(size_t C) {
  const std::vector<uint32_t> &Members = P.Cycles[C];
  llvm::DenseSet<uint32_t> Within(Members.begin(), Members.end());
  uint32_t Start = Members.front();
  std::vector<uint32_t> Best;
  for (uint32_t S : importTimeSuccessors()[Start]) {
    if (!Within.count(S))
      continue;
    std::vector<uint32_t> Back = shortestPath(S, Start, Within);
    if (!Back.empty() && (Best.empty() || Back.size() + 1 < Best.size())) {
      Best = {Start};
      Best.insert(Best.end(), Back.begin(), Back.end());
    }
  }
  return Best;
}

std::string Analysis::cyclePathText(llvm::ArrayRef<uint32_t> Path) const {
  std::string Out;
  for (uint32_t M : Path)
    Out += (Out.empty() ? "" : " -> ") + P.Modules[M].Name;
  return Out;
}

std::vector<Note> Analysis::cycleNotes(llvm::ArrayRef<uint32_t> Path) {
  std::vector<Note> Out;
  for (size_t I = 0; I + 1 < Path.size(); ++I) {
    uint32_t Via = edgeImport(Path[I], Path[I + 1]);
    if (Via == UINT32_MAX)
      continue;
    const ImportFact &F = P.fact(P.Imports[Via]);
    Out.push_back(note(Path[I], F.Line, F.Col,
                       P.Modules[Path[I]].Name + " imports " +
                           P.Modules[Path[I + 1]].Name));
  }
  return Out;
}

// Today, each member of a cycle starts at one point of today's import
// order: a read of member B's names from another member finds B as far
// along as today only if every member that starts before B, on the chain
// of imports that starts B, starts before it lazily too. Deferred imports
// only move a body later; what moves one earlier than a partner is a
// different chain starting it: the chain into the cycle changed, or a
// member on B's chain was deferred and then starts inside B's own start
// (B's initialisation reaches it) instead of before it. So: (1) an
// importer outside the cycle with more than one statement that reaches it
// (directly or through other modules) keeps the chain of its first one
// eager; (2) on the chain by which each way in starts
// each touched member B today (depth-first: statements by line, parent
// packages first), every member before B that B's own start could start
// again is eager, with the chain that starts it from B's nearest parent
// package: B's parent packages and the way in start before B anyway. B
// itself may start later: its readers then find it further along.
std::vector<uint32_t>
Analysis::orderNeeded(size_t C, const llvm::DenseSet<uint32_t> &Touched) {
  const std::vector<uint32_t> &Members = P.Cycles[C];
  llvm::DenseSet<uint32_t> Within(Members.begin(), Members.end());
  llvm::DenseSet<uint32_t> Needed;
  // Statement order: (line, col, then outer packages first), per importer.
  struct Step {
    unsigned Line, Col;
    size_t NameLen;
    uint32_t Via, To;
    bool operator<(const Step &O) const {
      return std::tie(Line, Col, Via, NameLen, To) <
             std::tie(O.Line, O.Col, O.Via, O.NameLen, O.To);
    }
  };
  // Outside modules that reach the cycle, directly or through others.
  const auto &Preds = importTimePredecessors();
  llvm::DenseSet<uint32_t> Reaches;
  std::vector<uint32_t> Work(Members.begin(), Members.end());
  for (size_t W = 0; W < Work.size(); ++W)
    for (uint32_t From : Preds[Work[W]])
      if (!Within.count(From) && Reaches.insert(From).second)
        Work.push_back(From);
  llvm::DenseMap<uint32_t, std::vector<Step>> Outside, Inside;
  for (uint32_t From : Work) { // the members, then what reaches them
    bool In = Within.count(From);
    for (const DependencyEdge &E : edgesFrom(From)) {
      if (!E.ImportTime || E.From == E.To ||
          !(Within.count(E.To) || (!In && Reaches.count(E.To))))
        continue;
      const ImportFact &F = P.fact(P.Imports[E.Via]);
      Step S{F.Line, F.Col, P.Modules[E.To].Name.size(), E.Via, E.To};
      (In ? Inside : Outside)[From].push_back(S);
    }
  }
  for (auto &[From, Steps] : Outside)
    llvm::sort(Steps);
  for (auto &[From, Steps] : Inside)
    llvm::sort(Steps);
  // The chain by which an outside module's first statement that reaches
  // the cycle enters it today: outside modules, then the member.
  llvm::DenseMap<uint32_t, std::vector<uint32_t>> FirstChain;
  std::function<const std::vector<uint32_t> &(uint32_t)> ChainOf =
      [&](uint32_t From) -> const std::vector<uint32_t> & {
    auto [It, New] = FirstChain.try_emplace(From);
    if (!New)
      return It->second;
    std::vector<uint32_t> Chain;
    auto Steps = Outside.find(From);
    for (const Step &S : Steps == Outside.end()
                             ? llvm::ArrayRef<Step>()
                             : llvm::ArrayRef<Step>(Steps->second)) {
      if (Within.count(S.To)) {
        Chain = {S.To};
        break;
      }
      const std::vector<uint32_t> &Rest = ChainOf(S.To); // empty: a loop
      if (!Rest.empty()) {
        Chain = {S.To};
        Chain.insert(Chain.end(), Rest.begin(), Rest.end());
        break;
      }
    }
    It = FirstChain.find(From);
    It->second = std::move(Chain);
    return It->second;
  };
  // Where entering at M really starts: its outermost parent package in
  // the cycle, which runs first.
  auto Outermost = [&](uint32_t M) {
    llvm::StringRef Name = P.Modules[M].Name;
    for (size_t Dot = Name.find('.'); Dot != llvm::StringRef::npos;
         Dot = Name.find('.', Dot + 1)) {
      auto It = ByName.find(Name.take_front(Dot));
      if (It != ByName.end() && Within.count(It->second))
        return It->second;
    }
    return M;
  };
  // (1) The ways in; an importer whose statements enter at different
  // places keeps the chain of its first one.
  std::vector<uint32_t> Entries;
  for (auto &[From, Steps] : Outside) {
    const std::vector<uint32_t> &First = ChainOf(From);
    if (First.empty())
      continue;
    uint32_t FirstEntry = Outermost(First.back());
    Entries.push_back(First.back());
    bool Elsewhere = false;
    for (const Step &S : Steps) {
      uint32_t Entry = UINT32_MAX;
      if (Within.count(S.To))
        Entry = S.To;
      else if (const std::vector<uint32_t> &Via = ChainOf(S.To); !Via.empty())
        Entry = Via.back();
      if (Entry == UINT32_MAX)
        continue;
      Entries.push_back(Entry); // a way in, when the first one ran already
      Elsewhere = Elsewhere || Outermost(Entry) != FirstEntry;
    }
    if (Elsewhere)
      Needed.insert(First.begin(), First.end());
  }
  if (Entries.empty())
    Entries.assign(Members.begin(), Members.end());
  llvm::sort(Entries);
  Entries.erase(std::unique(Entries.begin(), Entries.end()), Entries.end());
  // (2) Today's order from each way in (entering at pkg.sub runs pkg
  // first, then pkg.sub if pkg did not): the chain that starts each member.
  std::vector<uint32_t> Roots;
  for (uint32_t E : Entries)
    Roots.push_back(Outermost(E));
  llvm::sort(Roots);
  Roots.erase(std::unique(Roots.begin(), Roots.end()), Roots.end());
  for (uint32_t Entry : Roots) {
    llvm::DenseSet<uint32_t> Started;
    std::vector<std::pair<uint32_t, size_t>> Stack;
    auto Visit = [&](uint32_t M) {
      if (!Touched.count(M))
        return;
      // M's parent packages start before it whatever the order.
      llvm::StringRef Name = P.Modules[M].Name;
      auto Encloses = [&](uint32_t Pkg) {
        llvm::StringRef Before = P.Modules[Pkg].Name;
        return Name.startswith(Before) && Name.size() > Before.size() &&
               Name[Before.size()] == '.';
      };
      // Which of the members before it M's own start can start: not its
      // parent packages nor the way in, which have started before it
      // whatever the order.
      llvm::DenseSet<uint32_t> Wanted;
      for (size_t I = 0; I + 1 < Stack.size(); ++I)
        if (Stack[I].first != Entry && !Encloses(Stack[I].first))
          Wanted.insert(Stack[I].first);
      llvm::DenseSet<uint32_t> Reach{M};
      std::vector<uint32_t> Queue{M};
      size_t Found = 0;
      for (size_t Q = 0; Q < Queue.size() && Found < Wanted.size(); ++Q) {
        auto Out = Inside.find(Queue[Q]);
        if (Out == Inside.end())
          continue;
        for (const Step &S : Out->second)
          if (S.To != Entry && !Encloses(S.To) && Reach.insert(S.To).second) {
            Queue.push_back(S.To);
            Found += Wanted.count(S.To);
          }
      }
      // Such a member must start before M, and so must the chain that
      // starts it today, from M's nearest parent package on the stack.
      bool Chain = false;
      for (size_t I = Stack.size() - 1; I-- > 0;) {
        uint32_t Member = Stack[I].first;
        if (Encloses(Member))
          Chain = false;
        else if (Chain || Reach.contains(Member)) {
          Needed.insert(Member);
          Chain = true;
        }
      }
    };
    auto Run = [&](uint32_t From) {
      if (!Started.insert(From).second)
        return;
      Stack.push_back({From, 0});
      Visit(From);
      while (!Stack.empty()) {
        auto &[Mod, Next] = Stack.back();
        auto It = Inside.find(Mod);
        if (It == Inside.end() || Next >= It->second.size()) {
          Stack.pop_back();
          continue;
        }
        uint32_t To = It->second[Next++].To;
        if (!Started.insert(To).second)
          continue;
        Stack.push_back({To, 0});
        Visit(To);
      }
    };
    Run(Entry);
    for (uint32_t E : Entries)
      if (Outermost(E) == Entry)
        Run(E);
  }
  std::vector<uint32_t> Out(Needed.begin(), Needed.end());
  llvm::sort(Out);
  return Out;
}

const CycleTouch *Analysis::cycleTouch(size_t C) {
  if (!Touches) {
    // Every cycle at once, in parallel: each one's answer depends only on
    // the facts, the graph and the module indexes, which are built first
    // and then only read.
    buildSharedReads();
    Touches.emplace(P.Cycles.size());
    parallelForIndex(static_cast<uint32_t>(P.Cycles.size()),
                     [this](uint32_t I) { (*Touches)[I] = touchOf(I); });
  }
  const std::optional<CycleTouch> &T = (*Touches)[C];
  return T ? &*T : nullptr;
}

std::optional<CycleTouch> Analysis::touchOf(size_t C) {
  const std::vector<uint32_t> &Members = P.Cycles[C];
  llvm::DenseSet<uint32_t> Within(Members.begin(), Members.end());
  std::optional<CycleTouch> Best;
  // Every member whose names are read while it may be partial.
  llvm::DenseSet<uint32_t> Touched;
  llvm::DenseMap<std::pair<uint32_t, uint32_t>, std::vector<uint32_t>>
      BackFrom; // per (target, reader)
  // One breadth-first tree per target serves all its readers: a node's
  // parent is fixed when it is first reached, however far the search goes.
  llvm::DenseMap<uint32_t, llvm::DenseMap<uint32_t, uint32_t>> TreeFrom;
  auto Consider = [&](CycleTouch T, uint32_t Target) {
    // A read in source is the better report than an extension's.
    auto Key = [&](const CycleTouch &X) {
      return std::make_tuple(P.Modules[X.Module].Kind == ModuleKind::Compiled,
                             P.Modules[X.Module].DisplayPath, X.Line, X.Col);
    };
    auto [Known, Fresh] =
        BackFrom.try_emplace(std::make_pair(Target, T.Module));
    if (Fresh) {
      auto [Tree, New] = TreeFrom.try_emplace(Target);
      if (New)
        Tree->second = breadthFirstTree(Target, Within);
      Known->second = pathIn(Tree->second, Target, T.Module);
    }
    const std::vector<uint32_t> &Back = Known->second;
    if (Back.empty())
      return;
    Touched.insert(Target);
    if (Best && !(Key(T) < Key(*Best)))
      return;
    T.Path = {T.Module};
    T.Path.insert(T.Path.end(), Back.begin(), Back.end());
    Best = std::move(T);
  };
  // Names each member binds by importing another member.
  llvm::DenseMap<uint32_t, llvm::StringMap<uint32_t>> MemberNames;
  std::vector<uint32_t> MemberImports;
  for (uint32_t M : Members) {
    llvm::ArrayRef<uint32_t> Of = importsOf(M);
    MemberImports.insert(MemberImports.end(), Of.begin(), Of.end());
  }
  llvm::sort(MemberImports); // the order of P.Imports
  for (uint32_t II : MemberImports) {
    const ResolvedImport &I = P.Imports[II];
    if (!Within.count(I.Target) || I.Importer == I.Target)
      continue;
    const ImportFact &F = P.fact(I);
    if (!F.runsAtImportTime())
      continue;
    if (F.Kind == ImportKind::Native) {
      Consider({I.Importer,
                F.Line,
                F.Col,
                "names " + P.Modules[I.Target].Name +
                    ", which its native initialisation may import and read",
                {},
                {}},
               I.Target);
      continue;
    }
    llvm::SmallVector<uint16_t, 2> Names(I.Names.begin(), I.Names.end());
    if (F.Kind == ImportKind::Import && !F.Names.empty())
      Names = {0};
    for (uint16_t NI : Names) {
      const ImportedName &N = F.Names[NI];
      if (N.Bound.empty())
        continue;
      MemberNames[I.Importer][N.Bound] = I.Target;
      // `from b import W` (W not a submodule) reads b.W right there.
      bool FromName = F.Kind != ImportKind::Import &&
                      P.Modules[I.Target].Name !=
                          importedModule(I.Importer, F) + "." + N.Imported;
      if (FromName)
        Consider({I.Importer,
                  F.Line,
                  F.Col,
                  "imports " + N.Imported + " from " + P.Modules[I.Target].Name,
                  {},
                  {}},
                 I.Target);
      else if (N.ReadAtImportTime)
        Consider({I.Importer,
                  N.FirstImportTimeLine,
                  N.FirstImportTimeCol,
                  "reads " + N.Bound + " (imported from " +
                      P.Modules[I.Target].Name + ")",
                  {},
                  {}},
                 I.Target);
    }
  }
  // Module-level calls of the module's own functions that read them.
  for (auto &[Mod, Names] : MemberNames) {
    const ModuleFacts &F = P.Modules[Mod].Facts;
    for (uint32_t RI : index(Mod).ByFunction[0]) {
      const Reference &R = F.References[RI];
      if (!R.ImportTime || R.Kind != RefKind::Call)
        continue;
      Symbol S = resolve(Mod, R.Chain);
      if (S.K != Symbol::Function || S.Mod != Mod)
        continue;
      std::vector<int32_t> Work{S.Index};
      for (size_t W = 0; W < Work.size() && W < 16; ++W) {
        for (uint32_t FRI : index(Mod).ByFunction[Work[W] + 1]) {
          const Reference &In = F.References[FRI];
          llvm::StringRef Root = llvm::StringRef(In.Chain).split('.').first;
          Root.consume_back("()");
          auto Hit = Names.find(Root);
          if (In.Root == RootKind::Global && Hit != Names.end()) {
            Consider({Mod,
                      R.Line,
                      R.Col,
                      "calls " + describeCall(R) + ", which reads " +
                          Root.str() + " (imported from " +
                          P.Modules[Hit->second].Name + ")",
                      {},
                      {}},
                     Hit->second);
            break;
          }
          if (In.Kind == RefKind::Call) {
            Symbol Inner = resolve(Mod, In.Chain);
            if (Inner.K == Symbol::Function && Inner.Mod == Mod &&
                !llvm::is_contained(Work, Inner.Index))
              Work.push_back(Inner.Index);
          }
        }
      }
    }
  }
  if (Best)
    Best->Needed = orderNeeded(C, Touched);
  return Best;
}

} // namespace lazycheck
