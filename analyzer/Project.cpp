//===- Project.cpp - Whole-program model: modules and imports -------------===//
//
// Waves: parse the project's files in parallel, resolve their imports (one
// thread, with cached directory listings), queue the interpreter's modules
// that those imports run at import time, parse that wave in parallel, and
// so on until nothing new is reached. Then build the dependency edges and
// their strongly connected components.
//
//===----------------------------------------------------------------------===//
#include "Project.h"
#include "Discovery.h"
#include "FactExtractor.h"
#include "ImportGraph.h"
#include "Parallel.h"
#include "PassTimer.h"
#include "Source.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace lazycheck {

namespace {

/// This thread's parser: TSParser is single-threaded but reusable, so each
/// worker keeps one for the life of the thread.
PythonParser &threadParser() {
  static thread_local PythonParser Parser;
  return Parser;
}

class Builder {
public:
  Builder(Project &Proj, ModuleResolver &Resolver, bool ExplicitRootsGiven)
      : P(Proj), R(Resolver), ExplicitRoots(ExplicitRootsGiven) {}

  void addProjectFile(const SourceFile &F);
  void parseWave(const std::vector<uint32_t> &Wave);
  /// Resolves the imports of Wave's modules; returns the next wave.
  std::vector<uint32_t> resolveWave(const std::vector<uint32_t> &Wave);
  void buildEdges();

private:
  Project &P;
  ModuleResolver &R;
  bool ExplicitRoots;
  llvm::StringMap<uint32_t> ByPath, ByName;

  uint32_t moduleFor(llvm::StringRef Dotted, const Resolution &Res);
  void schedule(uint32_t M, std::vector<uint32_t> &Next);
  std::string absoluteBase(const Module &Importer, const ImportFact &F,
                           bool &Ok) const;
};

void Builder::addProjectFile(const SourceFile &F) {
  // --root names modules (namespace packages below it); otherwise a file is
  // named from its nearest non-package ancestor, and if that name is taken
  // (two script directories with a conftest.py), from the PATH's root.
  std::string Name;
  if (ExplicitRoots)
    Name = moduleNameFor(F.AbsPath, P.Roots);
  if (Name.empty())
    Name = moduleNameFor(F.AbsPath, {packageRootOf(F.AbsPath)});
  if (Name.empty())
    Name = llvm::sys::path::stem(F.AbsPath).str();
  if (ByName.count(Name)) {
    std::string Longer = moduleNameFor(F.AbsPath, P.Roots);
    if (!Longer.empty() && !ByName.count(Longer))
      Name = Longer;
  }
  if (ByName.count(Name)) {
    const Module &Other = P.Modules[ByName[Name]];
    P.Diags.push_back({RuleId::LC006, F.DisplayPath, 0, 0,
                       "module '" + Name + "' is also defined by " +
                           Other.DisplayPath + "; this file is not analysed"});
    return;
  }
  Module M;
  M.Name = Name;
  M.Kind = ModuleKind::Project;
  M.AbsPath = F.AbsPath;
  M.DisplayPath = F.DisplayPath;
  M.IsPackage = llvm::sys::path::filename(F.AbsPath) == "__init__.py";
  llvm::StringRef Dir = llvm::sys::path::parent_path(F.AbsPath);
  if (!llvm::sys::fs::exists(Dir + "/__init__.py"))
    M.ScriptDir = Dir.str();
  M.Scheduled = true;
  uint32_t Index = static_cast<uint32_t>(P.Modules.size());
  ByPath[M.AbsPath] = Index;
  ByName[M.Name] = Index;
  P.Modules.push_back(std::move(M));
}

void Builder::parseWave(const std::vector<uint32_t> &Wave) {
  // Each task writes only its own Module (distinct elements of a vector that
  // is not resized meanwhile) and uses its thread's own parser: no locks.
  parallelForEach(Wave.begin(), Wave.end(), [&](uint32_t Index) {
    Module &M = P.Modules[Index];
    PythonParser &Parser = threadParser();
    DiagnosticList Diags;
    // Outside the project a path relative to a search entry is ambiguous.
    const std::string &DiagPath = M.isProject() ? M.DisplayPath : M.AbsPath;
    std::optional<std::string> Source = loadSource(M.AbsPath, DiagPath, Diags);
    if (Source) {
      M.Facts = Parser.extract(*Source, DiagPath);
      M.Parsed = true;
    }
    M.Facts.Diags.insert(M.Facts.Diags.begin(), Diags.begin(), Diags.end());
  });
  for (uint32_t Index : Wave) {
    const Module &M = P.Modules[Index];
    if (!M.Parsed)
      continue;
    ++P.FilesParsed;
    P.BytesParsed += M.Facts.Bytes;
  }
}

uint32_t Builder::moduleFor(llvm::StringRef Dotted, const Resolution &Res) {
  if (!Res.Path.empty()) {
    auto It = ByPath.find(Res.Path);
    if (It != ByPath.end())
      return It->second;
  }
  auto It = ByName.find(Dotted);
  if (It != ByName.end())
    return It->second;
  Module M;
  M.Name = Dotted.str();
  M.Kind = Res.Kind;
  M.AbsPath = Res.Path;
  M.IsPackage = Res.IsPackage;
  if (!Res.Path.empty()) {
    llvm::StringRef Rel(Res.Path);
    if (Rel.startswith(Res.RootDir + "/"))
      Rel = Rel.drop_front(Res.RootDir.size() + 1);
    M.DisplayPath = Rel.str();
  }
  uint32_t Index = static_cast<uint32_t>(P.Modules.size());
  if (!M.AbsPath.empty())
    ByPath[M.AbsPath] = Index;
  ByName[M.Name] = Index;
  P.Modules.push_back(std::move(M));
  return Index;
}

void Builder::schedule(uint32_t Index, std::vector<uint32_t> &Next) {
  Module &M = P.Modules[Index];
  if (M.Scheduled || M.AbsPath.empty() || M.Kind == ModuleKind::Compiled ||
      M.Kind == ModuleKind::Stub || M.Kind == ModuleKind::Missing)
    return;
  M.Scheduled = true;
  Next.push_back(Index);
}

// The absolute module a clause names (`from ..a import b` in p.q.r -> p.a).
std::string Builder::absoluteBase(const Module &Importer, const ImportFact &F,
                                  bool &Ok) const {
  Ok = true;
  if (F.Level == 0)
    return F.Module;
  llvm::StringRef Pkg = Importer.Name;
  if (!Importer.IsPackage)
    Pkg = Pkg.contains('.') ? Pkg.rsplit('.').first : llvm::StringRef();
  for (unsigned I = 1; I < F.Level && !Pkg.empty(); ++I)
    Pkg = Pkg.contains('.') ? Pkg.rsplit('.').first : llvm::StringRef();
  if (Pkg.empty()) {
    Ok = false; // beyond the top-level package
    return std::string(F.Level, '.') + F.Module;
  }
  return F.Module.empty() ? Pkg.str() : (Pkg + "." + F.Module).str();
}

std::vector<uint32_t> Builder::resolveWave(const std::vector<uint32_t> &Wave) {
  std::vector<uint32_t> Next;
  for (uint32_t Importer : Wave) {
    if (!P.Modules[Importer].Parsed)
      continue;
    size_t NumFacts = P.Modules[Importer].Facts.Imports.size();
    for (uint32_t FI = 0; FI < NumFacts; ++FI) {
      // A copy: moduleFor() may grow P.Modules while we look at it.
      const ImportFact F = P.Modules[Importer].Facts.Imports[FI];
      std::string ScriptDir = P.Modules[Importer].ScriptDir;
      bool Ok = true;
      std::string Base = absoluteBase(P.Modules[Importer], F, Ok);
      bool Runs = F.runsAtImportTime();
      auto Target = [&](const std::string &Name) {
        static const Resolution Unresolvable;
        uint32_t T =
            moduleFor(Name, Ok ? R.resolve(Name, ScriptDir) : Unresolvable);
        if (Runs) {
          schedule(T, Next);
          // Importing a.b.c runs a and a.b first.
          llvm::StringRef Prefix = Name;
          while (Ok && Prefix.contains('.')) {
            Prefix = Prefix.rsplit('.').first;
            schedule(moduleFor(Prefix, R.resolve(Prefix, ScriptDir)), Next);
          }
        }
        return T;
      };
      bool IsFrom = F.Kind == ImportKind::From ||
                    F.Kind == ImportKind::Relative ||
                    F.Kind == ImportKind::Star;
      if (!IsFrom) {
        P.Imports.push_back({Importer, FI, Target(Base), {}});
        continue;
      }
      // from m import a, b: a name that is a submodule is an edge to it.
      ResolvedImport ToBase{Importer, FI, 0, {}};
      bool BaseNeeded = F.Names.empty();
      for (uint16_t NI = 0; NI < F.Names.size(); ++NI) {
        const ImportedName &N = F.Names[NI];
        if (Ok && N.Imported != "*" && !F.Future &&
            R.resolve(Base + "." + N.Imported, ScriptDir).found()) {
          std::string Sub = Base + "." + N.Imported;
          P.Imports.push_back({Importer, FI, Target(Sub), {NI}});
          continue;
        }
        ToBase.Names.push_back(NI);
        BaseNeeded = true;
      }
      if (BaseNeeded) {
        ToBase.Target = Target(Base);
        P.Imports.push_back(std::move(ToBase));
      } else if (Runs) {
        // The package itself still runs first.
        schedule(moduleFor(Base, R.resolve(Base, ScriptDir)), Next);
      }
    }
  }
  return Next;
}

void Builder::buildEdges() {
  for (uint32_t II = 0; II < P.Imports.size(); ++II) {
    const ResolvedImport &I = P.Imports[II];
    const ImportFact &F = P.fact(I);
    bool Runs = F.runsAtImportTime();
    P.Edges.push_back({I.Importer, I.Target, Runs, false, II});
    // Implied edges to the target's parent packages, except the importer's
    // own ancestors, which have always started before the importer runs.
    llvm::StringRef Name = P.Modules[I.Target].Name;
    llvm::StringRef Importer = P.Modules[I.Importer].Name;
    while (Name.contains('.')) {
      Name = Name.rsplit('.').first;
      if (Name == Importer || Importer.startswith((Name + ".").str()))
        break;
      auto It = ByName.find(Name);
      if (It == ByName.end())
        continue;
      P.Edges.push_back({I.Importer, It->second, Runs, true, II});
    }
  }
  llvm::sort(P.Edges, [](const DependencyEdge &A, const DependencyEdge &B) {
    return std::tie(A.From, A.To, A.Implicit, A.Via) <
           std::tie(B.From, B.To, B.Implicit, B.Via);
  });
}

} // namespace

std::vector<uint32_t> Project::sortedModules() const {
  std::vector<uint32_t> Order(Modules.size());
  for (uint32_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  llvm::sort(Order, [&](uint32_t A, uint32_t B) {
    return Modules[A].Name < Modules[B].Name;
  });
  return Order;
}

std::vector<uint32_t> Project::sortedImports() const {
  std::vector<uint32_t> Order(Imports.size());
  for (uint32_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  llvm::sort(Order, [&](uint32_t A, uint32_t B) {
    const ResolvedImport &X = Imports[A], &Y = Imports[B];
    const ImportFact &FX = fact(X), &FY = fact(Y);
    return std::forward_as_tuple(Modules[X.Importer].Name, FX.Line, FX.Col,
                                 Modules[X.Target].Name, A) <
           std::forward_as_tuple(Modules[Y.Importer].Name, FY.Line, FY.Col,
                                 Modules[Y.Target].Name, B);
  });
  return Order;
}

llvm::Expected<std::unique_ptr<Project>>
Project::analyse(const ProjectOptions &Opts) {
  auto P = std::make_unique<Project>();
  bool T = Opts.TimePasses;
  if (!Opts.Python.empty()) {
    PassTimer Timer(T, "query python");
    auto Env = queryPythonEnv(Opts.Python);
    if (!Env)
      return Env.takeError();
    P->Env = std::move(*Env);
  }
  std::vector<SourceFile> Files;
  {
    PassTimer Timer(T, "discover");
    Files = discoverFiles(Opts.Paths, Opts.Excludes, P->Diags);
    P->Roots = findProjectRoots(Opts.Paths, Opts.Roots);
  }
  ModuleResolver Resolver(P->Roots, P->Env ? &*P->Env : nullptr);
  Builder B(*P, Resolver, !Opts.Roots.empty());
  for (const SourceFile &F : Files)
    B.addProjectFile(F);

  std::vector<uint32_t> Wave(P->Modules.size());
  for (uint32_t I = 0; I < Wave.size(); ++I)
    Wave[I] = I;
  for (unsigned N = 0; !Wave.empty(); ++N) {
    {
      PassTimer Timer(T, "parse wave " + llvm::Twine(N) + " (" +
                             llvm::Twine(Wave.size()) + " files)");
      B.parseWave(Wave);
    }
    PassTimer Timer(T, "resolve wave " + llvm::Twine(N));
    Wave = B.resolveWave(Wave);
  }
  {
    PassTimer Timer(T, "edges and cycles");
    B.buildEdges();
    P->Cycles = findImportCycles(*P);
  }
  for (const Module &M : P->Modules)
    P->Diags.insert(P->Diags.end(), M.Facts.Diags.begin(), M.Facts.Diags.end());
  llvm::sort(P->Diags);
  return P;
}

unsigned parseOnly(const ProjectOptions &Opts, uint64_t &Bytes) {
  DiagnosticList Diags;
  std::vector<SourceFile> Files =
      discoverFiles(Opts.Paths, Opts.Excludes, Diags);
  std::atomic<uint64_t> Total{0};
  std::atomic<unsigned> Count{0};
  parallelForEach(Files.begin(), Files.end(), [&](const SourceFile &F) {
    DiagnosticList Local;
    std::optional<std::string> Source =
        loadSource(F.AbsPath, F.DisplayPath, Local);
    if (!Source)
      return;
    threadParser().parseOnly(*Source);
    Total += Source->size();
    ++Count;
  });
  Bytes = Total;
  return Count;
}

} // namespace lazycheck
