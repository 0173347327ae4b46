//===- Project.h - Whole-program model: modules and imports -----*- C++ -*-===//
#ifndef LAZYCHECK_ANALYZER_PROJECT_H
#define LAZYCHECK_ANALYZER_PROJECT_H

#include "Facts.h"
#include "ModuleResolver.h"
#include "PythonEnv.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace lazycheck {

/// Whether dotted module name Inner is inside package Outer (`a.b.c` and
/// `a.b`; not `a.bc`, not `a.b` itself).
inline bool isSubmoduleOf(llvm::StringRef Inner, llvm::StringRef Outer) {
  return Inner.size() > Outer.size() && Inner[Outer.size()] == '.' &&
         Inner.startswith(Outer);
}
/// Whether Inner is Outer itself or inside it.
inline bool isModuleOrBelow(llvm::StringRef Inner, llvm::StringRef Outer) {
  return Inner == Outer || isSubmoduleOf(Inner, Outer);
}

struct Module {
  std::string Name;
  ModuleKind Kind = ModuleKind::Missing;
  std::string AbsPath;     // "" when there is no file
  std::string DisplayPath; // project: as walked; others: relative to their
                           // search-path entry
  std::string ScriptDir;   // searched for top-level names (loose scripts)
  bool IsPackage = false;
  bool Parsed = false;    // facts below come from its source
  bool Scheduled = false; // queued for parsing
  ModuleFacts Facts;

  bool isProject() const { return Kind == ModuleKind::Project; }
};

/// One imported module clause resolved to one target module. A
/// `from m import a, b` where `m.a` is a submodule gives two: one to `m.a`
/// (names: a) and one to `m` (names: b).
struct ResolvedImport {
  uint32_t Importer = 0;
  uint32_t FactIndex = 0; // into Modules[Importer].Facts.Imports
  uint32_t Target = 0;
  FactVector<uint16_t, 2> Names; // indices into the fact's Names
  /// The target's parent packages (a, a.b for a.b.c), which run first.
  FactVector<uint32_t, 2> Parents;
};

// Growing Modules moves each module's facts, whose vectors keep their
// elements where they are; the import resolution relies on it.
static_assert(std::is_nothrow_move_constructible_v<Module> &&
                  std::is_nothrow_move_constructible_v<ResolvedImport>,
              "growing Modules or Imports must move, not copy");

/// A dependency edge: an explicit import or one implied by it (`import a.b`
/// also runs `a`).
struct DependencyEdge {
  uint32_t From = 0, To = 0;
  bool ImportTime = false;
  bool Implicit = false;
  uint32_t Via = 0; // index into Imports of the import that causes it
};

struct ProjectOptions {
  std::vector<std::string> Paths;
  std::vector<std::string> Roots;
  std::vector<std::string> Excludes;
  std::string Python; // "" = no interpreter: only project modules resolve
  unsigned Jobs = 0;  // 0 = all cores
  bool TimePasses = false;
};

class Project {
public:
  /// Discovers, parses (in parallel) and resolves; follows imports that run
  /// at import time into the interpreter's modules, transitively.
  static llvm::Expected<std::unique_ptr<Project>>
  analyse(const ProjectOptions &Opts);

  std::vector<Module> Modules;
  std::vector<ResolvedImport> Imports;
  std::vector<DependencyEdge> Edges;
  /// Strongly connected components of the import-time graph that contain a
  /// cycle; each sorted by name, the list sorted.
  std::vector<std::vector<uint32_t>> Cycles;
  DiagnosticList Diags; // sorted
  std::optional<PythonEnv> Env;
  std::vector<std::string> Roots;
  unsigned FilesParsed = 0;
  uint64_t BytesParsed = 0;

  /// Module indices sorted by name.
  std::vector<uint32_t> sortedModules() const;
  /// Imports sorted by (importer name, line, col, target name).
  std::vector<uint32_t> sortedImports() const;
  const ImportFact &fact(const ResolvedImport &I) const {
    return Modules[I.Importer].Facts.Imports[I.FactIndex];
  }
};

/// Parses every file of Paths with tree-sitter and nothing else (the
/// benchmark's baseline): same discovery and reading, no facts.
/// Returns the number of files parsed.
unsigned parseOnly(const ProjectOptions &Opts, uint64_t &Bytes);

} // namespace lazycheck

#endif
