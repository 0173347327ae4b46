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
#include "Suppressions.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SwapByteOrder.h"
#include <cstring>
#include <elf.h>

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

  void addProjectFiles(const std::vector<SourceFile> &Files);
  void parseWave(const std::vector<uint32_t> &Wave);
  /// Resolves the imports of Wave's modules; returns the next wave.
  std::vector<uint32_t> resolveWave(const std::vector<uint32_t> &Wave);
  void buildEdges();

private:
  Project &P;
  ModuleResolver &R;
  bool ExplicitRoots;
  /// Module identity: its file, or for modules without one (missing,
  /// builtin, namespace) its kind and name. Names alone are not unique: a
  /// project's math.py is not the builtin math.
  llvm::StringMap<uint32_t> ByPath, ByKey;
  llvm::StringMap<uint32_t> ProjectNames;
  /// Star imports whose target was not parsed yet when they were resolved.
  struct PendingStar {
    uint32_t Import; // index into P.Imports
    std::string Base, ScriptDir;
    bool Runs;
  };
  std::vector<PendingStar> PendingStars;

  /// Per project file: its preferred module name, and whether its
  /// directory is a regular package (has an __init__.py).
  struct Naming {
    std::vector<std::string> Names;
    std::vector<char> InPackage;
  };
  Naming preferredNames(const std::vector<SourceFile> &Files);
  void addProjectFile(const SourceFile &F, std::string Name, bool InPackage);
  uint32_t moduleFor(llvm::StringRef Dotted, const Resolution &Res);
  /// moduleFor(Dotted, R.resolve(Dotted, ScriptDir)), remembered per
  /// resolution: the resolver keeps each one at a fixed address, for one
  /// dotted name, and a module once made keeps its key.
  uint32_t resolvedModule(llvm::StringRef Dotted, llvm::StringRef ScriptDir);
  llvm::DenseMap<const Resolution *, uint32_t> ModuleOfResolution;
  void schedule(uint32_t M, std::vector<uint32_t> &Next);
  std::string absoluteBase(const Module &Importer, const ImportFact &F,
                           bool &Ok) const;
  /// Resolves Name for an import clause into RI's target and the parent
  /// packages it runs first; schedules what runs at import time.
  void resolveTarget(const std::string &Name, bool Ok,
                     const std::string &ScriptDir, bool Runs,
                     ResolvedImport &RI, std::vector<uint32_t> &Next);
  /// `from m import *` also imports the submodules listed in m.__all__.
  void expandStar(const ResolvedImport &Star, const std::string &Base,
                  const std::string &ScriptDir, bool Runs,
                  std::vector<uint32_t> &Next);
};

// --root names modules (namespace packages below it); otherwise a file is
// named from its own root (see packageRootOf), which is the same for every
// file of a directory. Each directory's root is looked up once, and the
// lookups (which stat their way up the tree) run in parallel, as does the
// naming.
Builder::Naming Builder::preferredNames(const std::vector<SourceFile> &Files) {
  llvm::StringMap<uint32_t> DirIndex;
  std::vector<size_t> DirFile; // per directory, one of its files
  std::vector<uint32_t> DirOf(Files.size());
  for (size_t I = 0; I < Files.size(); ++I) {
    auto [It, New] =
        DirIndex.try_emplace(llvm::sys::path::parent_path(Files[I].AbsPath),
                             static_cast<uint32_t>(DirFile.size()));
    if (New)
      DirFile.push_back(I);
    DirOf[I] = It->second;
  }
  std::vector<std::string> Names(Files.size());
  if (ExplicitRoots)
    parallelForIndex(static_cast<uint32_t>(Files.size()), [&](uint32_t I) {
      Names[I] = moduleNameFor(Files[I].AbsPath, P.Roots);
    });
  std::vector<char> NeedsRoot(DirFile.size(), 0);
  for (size_t I = 0; I < Files.size(); ++I)
    if (Names[I].empty())
      NeedsRoot[DirOf[I]] = 1;
  std::vector<std::string> Roots(DirFile.size());
  std::vector<char> IsPackage(DirFile.size());
  parallelForIndex(static_cast<uint32_t>(DirFile.size()), [&](uint32_t D) {
    llvm::StringRef File = Files[DirFile[D]].AbsPath;
    if (NeedsRoot[D])
      Roots[D] = packageRootOf(File);
    IsPackage[D] = llvm::sys::fs::exists(llvm::sys::path::parent_path(File) +
                                         "/__init__.py");
  });
  parallelForIndex(static_cast<uint32_t>(Files.size()), [&](uint32_t I) {
    const SourceFile &F = Files[I];
    std::string &Name = Names[I];
    if (Name.empty())
      Name = moduleNameFor(F.AbsPath, {Roots[DirOf[I]]});
    if (Name.empty())
      Name = llvm::sys::path::stem(F.AbsPath).str();
    // A file name that is not UTF-8 (reported by discovery) still needs a
    // printable module name.
    if (!llvm::json::isUTF8(Name))
      Name = llvm::json::fixUTF8(Name);
  });
  Naming Out{std::move(Names), std::vector<char>(Files.size())};
  for (size_t I = 0; I < Files.size(); ++I)
    Out.InPackage[I] = IsPackage[DirOf[I]];
  return Out;
}

void Builder::addProjectFiles(const std::vector<SourceFile> &Files) {
  // When several files claim one name, the one Python's import finds gets
  // it (roots in order; a package beats a module); the others fall back to
  // a name relative to the PATH's root (two script directories with a
  // conftest.py each), or are reported.
  Naming Named = preferredNames(Files);
  std::vector<std::string> &Names = Named.Names;
  llvm::StringMap<std::vector<size_t>> Claims;
  for (size_t I = 0; I < Files.size(); ++I)
    Claims[Names[I]].push_back(I);
  std::vector<size_t> Order;
  std::vector<bool> Winner(Files.size(), false);
  for (size_t I = 0; I < Files.size(); ++I) {
    const std::vector<size_t> &C = Claims[Names[I]];
    if (C.front() != I)
      continue; // handled with the group's first file
    size_t Win = C.front();
    if (C.size() > 1) {
      const Resolution &Res = R.resolve(Names[I]);
      for (size_t J : C)
        if (Files[J].AbsPath == Res.Path)
          Win = J;
    }
    Winner[Win] = true;
    Order.push_back(Win);
    for (size_t J : C)
      if (J != Win)
        Order.push_back(J);
  }
  for (size_t I : Order) {
    std::string Name = Names[I];
    if (!Winner[I]) {
      std::string Longer = moduleNameFor(Files[I].AbsPath, P.Roots);
      if (!Longer.empty() && !ProjectNames.count(Longer) &&
          !Claims.count(Longer)) {
        Name = Longer;
      } else {
        const Module &Other = P.Modules[ProjectNames[Name]];
        P.Diags.push_back({RuleId::LC006, Files[I].DisplayPath, 0, 0,
                           "module '" + Name + "' is also defined by " +
                               Other.DisplayPath +
                               ", which Python imports; this file is not "
                               "analysed"});
        continue;
      }
    }
    addProjectFile(Files[I], std::move(Name), Named.InPackage[I]);
  }
}

void Builder::addProjectFile(const SourceFile &F, std::string Name,
                             bool InPackage) {
  Module M;
  M.Name = std::move(Name);
  M.Kind = ModuleKind::Project;
  M.AbsPath = F.AbsPath;
  M.DisplayPath = F.DisplayPath;
  M.IsPackage = llvm::sys::path::filename(F.AbsPath) == "__init__.py";
  if (!InPackage)
    M.ScriptDir = llvm::sys::path::parent_path(F.AbsPath).str();
  M.Scheduled = true;
  uint32_t Index = static_cast<uint32_t>(P.Modules.size());
  ByPath[M.AbsPath] = Index;
  ProjectNames[M.Name] = Index;
  P.Modules.push_back(std::move(M));
}

/// The dotted names a compiled extension module carries as C strings
/// (NUL on both sides) in Parts, in order, each once: the modules its
/// native initialisation may import. Cython, for one, keeps every module it
/// imports (`from pandas.util._exceptions import f`) as such a string.
/// Which of them are modules is decided when they are resolved.
static std::vector<std::string>
nativeModuleNames(llvm::ArrayRef<llvm::StringRef> Parts, llvm::StringRef Self) {
  auto IsIdent = [](char C) {
    return llvm::isAlnum(C) || C == '_' || C == '.';
  };
  std::vector<std::string> Out;
  llvm::StringSet<> Seen;
  for (llvm::StringRef Bytes : Parts) {
    size_t I = 0, N = Bytes.size();
    while (I < N) {
      if (!IsIdent(Bytes[I]) || (I > 0 && Bytes[I - 1] != '\0')) {
        ++I;
        continue;
      }
      size_t E = I;
      while (E < N && IsIdent(Bytes[E]))
        ++E;
      llvm::StringRef S = Bytes.slice(I, E);
      I = E + 1;
      if (E >= N || Bytes[E] != '\0' || S.size() > 200 || !S.contains('.') ||
          isModuleOrBelow(S, Self))
        continue;
      llvm::SmallVector<llvm::StringRef, 8> Segs;
      S.split(Segs, '.');
      if (llvm::any_of(Segs, [](llvm::StringRef Seg) {
            return Seg.empty() || llvm::isDigit(Seg.front());
          }))
        continue;
      if (Seen.insert(S).second)
        Out.push_back(S.str());
    }
  }
  return Out;
}

/// The parts of a compiled extension that can hold its C strings: in a
/// 64-bit little-endian ELF file (what CPython loads on Linux), every
/// section with contents except code, in file order; otherwise, or when the
/// section table is missing or does not fit in the file, the whole file.
static std::vector<llvm::StringRef> stringSections(llvm::StringRef Bytes) {
  Elf64_Ehdr H;
  if (!llvm::sys::IsLittleEndianHost || Bytes.size() < sizeof H)
    return {Bytes};
  std::memcpy(&H, Bytes.data(), sizeof H);
  if (std::memcmp(H.e_ident, ELFMAG, SELFMAG) != 0 ||
      H.e_ident[EI_CLASS] != ELFCLASS64 || H.e_ident[EI_DATA] != ELFDATA2LSB ||
      H.e_shentsize != sizeof(Elf64_Shdr) || H.e_shoff == 0 ||
      H.e_shnum == 0 || // no table, or too many sections to count here
      H.e_shoff > Bytes.size() ||
      H.e_shnum > (Bytes.size() - H.e_shoff) / sizeof(Elf64_Shdr))
    return {Bytes};
  std::vector<std::pair<uint64_t, uint64_t>> Ranges; // [begin, end)
  for (unsigned I = 0; I < H.e_shnum; ++I) {
    Elf64_Shdr S;
    std::memcpy(&S, Bytes.data() + H.e_shoff + I * sizeof S, sizeof S);
    if (S.sh_type == SHT_NULL || S.sh_type == SHT_NOBITS ||
        (S.sh_flags & SHF_EXECINSTR) || S.sh_offset > Bytes.size() ||
        S.sh_size > Bytes.size() - S.sh_offset)
      continue;
    Ranges.push_back({S.sh_offset, S.sh_offset + S.sh_size});
  }
  llvm::sort(Ranges);
  std::vector<llvm::StringRef> Out;
  uint64_t Covered = 0; // sections may overlap: each byte once
  for (auto [Begin, End] : Ranges) {
    Begin = std::max(Begin, Covered);
    if (Begin >= End)
      continue;
    Out.push_back(Bytes.slice(Begin, End));
    Covered = End;
  }
  return Out;
}

/// Facts of a compiled extension: one native import per module name.
static ModuleFacts scanExtension(const Module &M) {
  ModuleFacts F;
  auto Buf = llvm::MemoryBuffer::getFile(M.AbsPath, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return F;
  for (std::string &Name :
       nativeModuleNames(stringSections((*Buf)->getBuffer()), M.Name)) {
    ImportFact I;
    I.Line = 1;
    I.Col = 1;
    I.Kind = ImportKind::Native;
    I.Module = std::move(Name);
    F.Imports.push_back(std::move(I));
  }
  return F;
}

/// Largest files first, so that no thread is left parsing a big file alone
/// at the end of a wave (parse time grows with size).
template <typename T, typename PathOf>
static std::vector<T> largestFirst(std::vector<T> Items, PathOf Path) {
  std::vector<std::pair<uint64_t, T>> Sized;
  for (T &Item : Items) {
    uint64_t Size = 0;
    if (llvm::sys::fs::file_size(Path(Item), Size))
      Size = 0;
    Sized.push_back({Size, std::move(Item)});
  }
  std::stable_sort(
      Sized.begin(), Sized.end(),
      [](const auto &A, const auto &B) { return A.first > B.first; });
  Items.clear();
  for (auto &[Size, Item] : Sized)
    Items.push_back(std::move(Item));
  return Items;
}

void Builder::parseWave(const std::vector<uint32_t> &Wave) {
  std::vector<uint32_t> Order =
      largestFirst(Wave, [&](uint32_t I) -> const std::string & {
        return P.Modules[I].AbsPath;
      });
  // Each task writes only its own Module (distinct elements of a vector that
  // is not resized meanwhile) and uses its thread's own parser: no locks.
  parallelForEach(Order.begin(), Order.end(), [&](uint32_t Index) {
    Module &M = P.Modules[Index];
    if (M.Kind == ModuleKind::Compiled) {
      M.Facts = scanExtension(M);
      return;
    }
    PythonParser &Parser = threadParser();
    DiagnosticList Diags;
    // Outside the project a path relative to a search entry is ambiguous.
    const std::string &DiagPath = M.isProject() ? M.DisplayPath : M.AbsPath;
    std::optional<std::string> Source = loadSource(M.AbsPath, DiagPath, Diags);
    if (Source) {
      M.Facts = Parser.extract(*Source, DiagPath);
      M.Parsed = true;
      // Suppression comments, read here in parallel rather than by
      // re-reading the file when reporting.
      llvm::StringRef Text = *Source;
      if (M.isProject() && commentMentions(Text, {"lazycheck", "noqa"}))
        M.Facts.Suppress = std::make_shared<const FileSuppressions>(Text);
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
  std::string Key;
  if (!Res.Path.empty())
    Key = Res.Path;
  else
    Key = (llvm::Twine(Res.Namespace ? "namespace"
                       : Res.found() ? "builtin"
                                     : "missing") +
           llvm::Twine('\0') + Dotted)
              .str();
  llvm::StringMap<uint32_t> &Map = Res.Path.empty() ? ByKey : ByPath;
  auto It = Map.find(Key);
  if (It != Map.end())
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
  Map[Key] = Index;
  P.Modules.push_back(std::move(M));
  return Index;
}

uint32_t Builder::resolvedModule(llvm::StringRef Dotted,
                                 llvm::StringRef ScriptDir) {
  const Resolution &Res = R.resolve(Dotted, ScriptDir);
  auto [It, New] = ModuleOfResolution.try_emplace(&Res, 0);
  if (New)
    It->second = moduleFor(Dotted, Res);
  return It->second;
}

void Builder::schedule(uint32_t Index, std::vector<uint32_t> &Next) {
  Module &M = P.Modules[Index];
  if (M.Scheduled || M.AbsPath.empty() || M.Kind == ModuleKind::Stub ||
      M.Kind == ModuleKind::Missing)
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

void Builder::resolveTarget(const std::string &Name, bool Ok,
                            const std::string &ScriptDir, bool Runs,
                            ResolvedImport &RI, std::vector<uint32_t> &Next) {
  static const Resolution Unresolvable;
  RI.Target =
      Ok ? resolvedModule(Name, ScriptDir) : moduleFor(Name, Unresolvable);
  if (Runs)
    schedule(RI.Target, Next);
  if (!Ok)
    return;
  // Importing a.b.c runs a and a.b first.
  for (size_t Dot = Name.find('.'); Dot != std::string::npos;
       Dot = Name.find('.', Dot + 1)) {
    std::string Prefix = Name.substr(0, Dot);
    uint32_t Parent = resolvedModule(Prefix, ScriptDir);
    RI.Parents.push_back(Parent);
    if (Runs)
      schedule(Parent, Next);
  }
}

void Builder::expandStar(const ResolvedImport &Star, const std::string &Base,
                         const std::string &ScriptDir, bool Runs,
                         std::vector<uint32_t> &Next) {
  // A copy: resolveTarget() may grow P.Modules.
  std::vector<std::string> All = P.Modules[Star.Target].Facts.AllNames;
  for (const std::string &Name : All) {
    std::string Sub = Base + "." + Name;
    if (!R.resolve(Sub, ScriptDir).found())
      continue;
    ResolvedImport RI{Star.Importer, Star.FactIndex, 0, Star.Names, {}};
    resolveTarget(Sub, true, ScriptDir, Runs, RI, Next);
    P.Imports.push_back(std::move(RI));
  }
}

std::vector<uint32_t> Builder::resolveWave(const std::vector<uint32_t> &Wave) {
  std::vector<uint32_t> Next;
  // Star imports of modules this wave's parse has just made known.
  std::vector<PendingStar> Stars;
  Stars.swap(PendingStars);
  for (PendingStar &S : Stars) {
    ResolvedImport Star = P.Imports[S.Import];
    if (P.Modules[Star.Target].Parsed)
      expandStar(Star, S.Base, S.ScriptDir, S.Runs, Next);
    else if (P.Modules[Star.Target].Scheduled)
      PendingStars.push_back(std::move(S));
  }
  for (uint32_t Importer : Wave) {
    if (!P.Modules[Importer].Parsed &&
        P.Modules[Importer].Kind != ModuleKind::Compiled)
      continue;
    // moduleFor() may grow P.Modules while we look at one: that moves the
    // module and its vectors, but not the elements they hold (see
    // Project.h). Its strings may move: the script directory is a copy.
    llvm::MutableArrayRef<ImportFact> Facts = P.Modules[Importer].Facts.Imports;
    const std::string ScriptDir = P.Modules[Importer].ScriptDir;
    for (uint32_t FI = 0; FI < Facts.size(); ++FI) {
      const ImportFact &F = Facts[FI];
      bool Ok = true;
      std::string Base = absoluteBase(P.Modules[Importer], F, Ok);
      bool Runs = F.runsAtImportTime();
      // PEP 810's __lazy_modules__ names absolute modules; CPython consults
      // it when an eligible import statement runs after the assignment.
      if (Ok && F.AfterLazyModules && !F.ExplicitLazy && F.pep810Eligible() &&
          llvm::is_contained(P.Modules[Importer].Facts.LazyModules, Base))
        Facts[FI].ExplicitLazy = true;
      // A name in an extension's binary is an import only if it is a
      // module; most are qualified names of its functions and types.
      if (F.Kind == ImportKind::Native && !R.resolve(Base, ScriptDir).found())
        continue;
      bool IsFrom = F.Kind == ImportKind::From ||
                    F.Kind == ImportKind::Relative ||
                    F.Kind == ImportKind::Star;
      if (!IsFrom) {
        ResolvedImport RI{Importer, FI, 0, {}, {}};
        resolveTarget(Base, Ok, ScriptDir, Runs, RI, Next);
        P.Imports.push_back(std::move(RI));
        continue;
      }
      // from m import a, b: a name that is a submodule is an edge to it.
      ResolvedImport ToBase{Importer, FI, 0, {}, {}};
      for (uint16_t NI = 0; NI < F.Names.size(); ++NI) {
        const ImportedName &N = F.Names[NI];
        std::string Sub = Base + "." + N.Imported;
        if (Ok && N.Imported != "*" && !F.Future &&
            R.resolve(Sub, ScriptDir).found()) {
          ResolvedImport RI{Importer, FI, 0, {NI}, {}};
          resolveTarget(Sub, Ok, ScriptDir, Runs, RI, Next);
          P.Imports.push_back(std::move(RI));
          continue;
        }
        ToBase.Names.push_back(NI);
      }
      if (ToBase.Names.empty() && !F.Names.empty())
        continue; // every name was a submodule; their parents include m
      resolveTarget(Base, Ok, ScriptDir, Runs, ToBase, Next);
      P.Imports.push_back(ToBase);
      if (F.Kind != ImportKind::Star || !Ok)
        continue;
      if (P.Modules[ToBase.Target].Parsed)
        expandStar(ToBase, Base, ScriptDir, Runs, Next);
      else if (P.Modules[ToBase.Target].Scheduled)
        PendingStars.push_back({static_cast<uint32_t>(P.Imports.size() - 1),
                                Base, ScriptDir, Runs});
    }
  }
  return Next;
}

void Builder::buildEdges() {
  for (uint32_t II = 0; II < P.Imports.size(); ++II) {
    const ResolvedImport &I = P.Imports[II];
    bool Runs = P.fact(I).runsAtImportTime();
    P.Edges.push_back({I.Importer, I.Target, Runs, false, II});
    // Implied edges to the target's parent packages, except the importer
    // itself and its own ancestors, which have always started before the
    // importer runs.
    llvm::StringRef Importer = P.Modules[I.Importer].Name;
    for (uint32_t Parent : I.Parents) {
      llvm::StringRef Name = P.Modules[Parent].Name;
      if (Parent == I.Importer || isSubmoduleOf(Importer, Name))
        continue;
      P.Edges.push_back({I.Importer, Parent, Runs, true, II});
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
    const Module &X = Modules[A], &Y = Modules[B];
    return std::tie(X.Name, X.Kind, X.DisplayPath) <
           std::tie(Y.Name, Y.Kind, Y.DisplayPath);
  });
  return Order;
}

std::vector<uint32_t> Project::sortedImports() const {
  // By importer name, place, target name: names compared once, as ranks
  // (equal names share one).
  std::vector<uint32_t> ByName = sortedModules();
  std::vector<uint32_t> Rank(Modules.size());
  for (size_t I = 1; I < ByName.size(); ++I)
    Rank[ByName[I]] = Rank[ByName[I - 1]] +
                      (Modules[ByName[I]].Name != Modules[ByName[I - 1]].Name);
  struct Key {
    uint32_t Importer, Line, Col, Target, Index;
    bool operator<(const Key &O) const {
      return std::tie(Importer, Line, Col, Target, Index) <
             std::tie(O.Importer, O.Line, O.Col, O.Target, O.Index);
    }
  };
  std::vector<Key> Keys;
  Keys.reserve(Imports.size());
  for (uint32_t I = 0; I < Imports.size(); ++I) {
    const ImportFact &F = fact(Imports[I]);
    Keys.push_back(
        {Rank[Imports[I].Importer], F.Line, F.Col, Rank[Imports[I].Target], I});
  }
  llvm::sort(Keys);
  std::vector<uint32_t> Order;
  Order.reserve(Keys.size());
  for (const Key &K : Keys)
    Order.push_back(K.Index);
  return Order;
}

llvm::Expected<std::unique_ptr<Project>>
Project::analyse(const ProjectOptions &Opts) {
  auto P = std::make_unique<Project>();
  bool T = Opts.TimePasses;
  initIdentifierNormalizer();
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
  {
    PassTimer Timer(T, "name modules");
    B.addProjectFiles(Files);
  }

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
  std::vector<SourceFile> Files = largestFirst(
      discoverFiles(Opts.Paths, Opts.Excludes, Diags),
      [](const SourceFile &F) -> const std::string & { return F.AbsPath; });
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
