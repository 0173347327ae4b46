//===- Analysis.h - Whole-program effect analysis ---------------*- C++ -*-===//
//
// What rules ask of the whole program, computed once from the per-module
// facts: what a name in a module is bound to, the qualified name of a chain
// (`L.basicConfig` is `logging.basicConfig` after `import logging as L`),
// which definition a call reaches across modules, and the effects of
// calling a function, followed transitively (bounded depth, memoised,
// cycle-safe). The rules under rules/ read this and report.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_ANALYSIS_H
#define LAZYCHECK_ANALYZER_ANALYSIS_H

#include "Diagnostic.h"
#include "Knowledge.h"
#include "Project.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <memory>
#include <optional>
#include <vector>

namespace lazycheck {

/// Owners of state that are not one module.
constexpr uint32_t ProcessOwner = UINT32_MAX;      // process-wide state
constexpr uint32_t ReceiverOwner = UINT32_MAX - 1; // the call's self / cls
constexpr uint32_t UnknownOwner = UINT32_MAX - 2;  // an unanalysed module

/// State a function (or a module body) changes that outlives the call.
struct Effect {
  RuleId Rule = RuleId::LC102;   // LC101 (a foreign store), LC102 (a store
                                 // into a module's state), LC104..LC106
  uint32_t Owner = UnknownOwner; // module index, or one of the above
  /// ReceiverOwner: through an item or a mutating method, so the container
  /// may be shared (a class-level registry), not just this object's field.
  bool Shared = false;
  std::string What;        // "stores into REGISTRY", "configures logging"
  std::string Target;      // stores: the chain stored into
  uint8_t Depth = 0;       // calls between the function's body and the store
  std::vector<Note> Steps; // outermost call first, the store itself last
};

/// An effect of a module body at import time: the reference that has it.
struct ImportTimeEffect {
  uint32_t Module = 0;
  uint32_t Ref = 0; // index into the module's References
  Effect E;
  bool Direct = false; // the reference itself stores / calls the API
};

/// Where an import cycle is touched during initialisation.
struct CycleTouch {
  uint32_t Module = 0; // the module whose import-time code reads
  unsigned Line = 0, Col = 0;
  std::string What;           // "reads W (imported from b)"
  std::vector<uint32_t> Path; // Module, ..., Module: the cycle through it
  /// The members that must keep today's order (see orderNeeded), sorted.
  std::vector<uint32_t> Needed;
};

/// Whether a callee's effect still counts for its caller.
bool followThroughCall(const Effect &E);

/// How a call reads in a message: `@deco`, `@deco(...)`, `f(...)`.
std::string describeCall(const Reference &R);

class Analysis {
public:
  Analysis(const Project &P, const Knowledge &K);
  ~Analysis();

  const Project &P;
  const Knowledge &K;

  /// Runs every check of the catalogue; Findings end sorted and unique.
  /// The checks whose Input (Rules.def) is Facts or Cycles run alongside
  /// those whose Input is Effects. TimeRules prints how long each took
  /// (--time-passes).
  void run(bool TimeRules = false);
  DiagnosticList Findings;
  void report(Diagnostic D);
  /// Calls Fn on every parsed module, several at once; what Fn reports is
  /// kept in module order. Fn may only ask what reads facts, indexes and
  /// the graph (binding, resolve, qualify, bases, methods, the successors):
  /// not the memoised effects (functionEffects, referenceEffects,
  /// importTimeEffects, effectOf), which are worked out in a fixed order.
  void forEachModule(llvm::function_ref<void(uint32_t Mod)> Fn);

  /// Modules whose findings are reported (the project's own).
  bool reported(uint32_t Mod) const { return P.Modules[Mod].isProject(); }
  /// Modules analysed (parsed), project or library, in name order.
  const std::vector<uint32_t> &parsedModules() const { return Parsed; }
  int32_t moduleByName(llvm::StringRef Name) const;
  const Module &module(uint32_t Mod) const { return P.Modules[Mod]; }
  /// "module pkg.mod", or "another module" for an owner that is not one.
  std::string ownerName(uint32_t Owner) const;

  /// A module-level name's last binding in the module body.
  struct Binding {
    enum Kind : uint8_t { Import, Function, Class, Assign } K = Import;
    uint32_t Index = 0; // the fact, function, class or assignment
    uint16_t Name = 0;  // Import: the name within the import fact
  };
  const Binding *binding(uint32_t Mod, llvm::StringRef Name);
  /// Whether `from Mod import *` binds Name: listed in Mod's `__all__`, or
  /// public when Mod has none.
  bool starExports(uint32_t Mod, llvm::StringRef Name) const;
  /// The absolute module an import fact names (`from ..a import b`: x.a).
  std::string importedModule(uint32_t Mod, const ImportFact &F) const;
  /// The qualified name of a chain used in Mod, calls dropped:
  /// `t.start` is `threading.Thread.start` after t = threading.Thread().
  std::string qualify(uint32_t Mod, llvm::StringRef Chain);

  /// What a chain in Mod refers to, across modules.
  struct Symbol {
    enum Kind : uint8_t {
      Unknown,
      ModuleObj,
      Function,
      Class,
      Instance
    } K = Unknown;
    uint32_t Mod = 0;              // where the function or class is defined
    int32_t Index = -1;            // its FunctionFact / ClassFact
    uint32_t Owner = UnknownOwner; // the module whose object this is
  };
  Symbol resolve(uint32_t Mod, llvm::StringRef Chain);
  /// A method of a class or one of its bases; -1 when none.
  std::pair<uint32_t, int32_t> findMethod(uint32_t Mod, int32_t Class,
                                          llvm::StringRef Name);
  /// The methods a class defines itself (FunctionFact indices).
  llvm::ArrayRef<int32_t> methods(uint32_t Mod, int32_t Class);
  /// Project::sortedImports, worked out once.
  llvm::ArrayRef<uint32_t> sortedImports();
  /// Indices into Project::Imports of the imports Mod makes.
  llvm::ArrayRef<uint32_t> importsOf(uint32_t Mod) const;
  /// Base classes resolved to definitions (unresolved ones skipped).
  std::vector<std::pair<uint32_t, int32_t>> bases(uint32_t Mod, int32_t Class);

  /// The effects of calling function F of module Mod.
  const std::vector<Effect> &functionEffects(uint32_t Mod, int32_t F);
  /// The effects a reference in Mod has when it runs: a store, a call or a
  /// decorator. Direct is set when the reference itself is the effect.
  std::vector<Effect> referenceEffects(uint32_t Mod, const Reference &R,
                                       bool InModuleBody, bool &Direct);
  /// Effects of module bodies at import time on state outside themselves,
  /// for every parsed module, in module-name then source order.
  const std::vector<ImportTimeEffect> &importTimeEffects();
  /// The first import-time finding (LC1xx) reported for Mod, or nullptr.
  /// Valid once the LC1xx checks have run (they come first in run()).
  const Diagnostic *effectOf(uint32_t Mod);

  /// Successors in the import-time dependency graph, per module.
  const std::vector<std::vector<uint32_t>> &importTimeSuccessors();
  /// Predecessors in the import-time dependency graph, per module.
  const std::vector<std::vector<uint32_t>> &importTimePredecessors();
  /// The dependency edges from a module (P.Edges is sorted by From).
  llvm::ArrayRef<DependencyEdge> edgesFrom(uint32_t From) const;
  /// The first place (by path and line) where the members of cycle C
  /// (an index into Project::Cycles) read each other's names at import
  /// time; nullptr when they never do.
  const CycleTouch *cycleTouch(size_t C);
  /// A shortest cycle through the first member of cycle C.
  std::vector<uint32_t> cyclePath(size_t C);
  std::string cyclePathText(llvm::ArrayRef<uint32_t> Path) const;
  /// One note per import along Path.
  std::vector<Note> cycleNotes(llvm::ArrayRef<uint32_t> Path);
  /// The first import (by line) by which From depends on To.
  uint32_t edgeImport(uint32_t From, uint32_t To) const;

  /// "path:line:col" notes.
  Note note(uint32_t Mod, unsigned Line, unsigned Col,
            std::string Message) const;
  /// A finding in Mod about Mod.
  Diagnostic finding(RuleId R, uint32_t Mod, unsigned Line, unsigned Col,
                     std::string Message) const;

private:
  struct ModuleIndex;
  ModuleIndex &index(uint32_t Mod);
  std::unique_ptr<ModuleIndex> buildIndex(uint32_t Mod) const;
  Symbol resolveIn(uint32_t Mod, llvm::ArrayRef<llvm::StringRef> Segments,
                   unsigned Depth);
  Symbol member(const Symbol &Of, llvm::StringRef Name, unsigned Depth);
  std::string qualifyIn(uint32_t Mod, llvm::StringRef Chain, unsigned Depth);
  /// Whether Mod's module-level Name is only ever stored into or mutated
  /// (never read as a value, here or by another module).
  bool neverReadAsValue(uint32_t Mod, llvm::StringRef Name);
  /// Whether every use of Mod's module-level container Name, here and
  /// elsewhere, stores into it or looks one key up (`R[k]`, `R.get(k)`,
  /// `k in R`): nothing iterates, copies or hands it on.
  bool lookedUpOnly(uint32_t Mod, llvm::StringRef Name);
  /// `R[key] = v` in a function, key a def or class that function makes:
  /// an entry only the holder of that new object can look up.
  bool storesUnderFreshKey(uint32_t Mod, const Reference &R);
  std::vector<Effect> storeEffectsOf(uint32_t Mod, llvm::StringRef Chain,
                                     RootKind Root, bool Item,
                                     bool InModuleBody);
  std::vector<Effect> storeEffects(uint32_t Mod, llvm::StringRef Chain,
                                   RootKind Root, bool Item, bool InModuleBody);
  std::vector<Effect> callEffects(uint32_t Mod, const Reference &R,
                                  bool InModuleBody, bool &Direct);
  RootKind rootOf(uint32_t Mod, int32_t Function, llvm::StringRef Chain);
  void collectModuleEffects();

  std::vector<uint32_t> Parsed;
  std::vector<std::vector<uint32_t>> Stars; // per module: `import *` targets
  std::vector<std::vector<uint32_t>> ImportsByImporter;
  llvm::DenseSet<uint32_t> StarImported; // modules something star-imports
  /// Write-only globals that some module uses as an attribute or imports
  /// by name.
  std::optional<llvm::StringSet<>> ForeignNames;
  void buildForeignNames();
  /// ForeignNames, built on first use (run() builds it before the checks
  /// start, so that they only read it).
  const llvm::StringSet<> &foreignNames() {
    if (!ForeignNames)
      buildForeignNames();
    return *ForeignNames;
  }
  llvm::StringMap<uint32_t> ByName;
  std::vector<std::unique_ptr<ModuleIndex>> Indexes;
  /// Keyed by (module, function). A pair, not the two packed into 64 bits:
  /// DenseMap's hash of a 64-bit integer depends on its low 32 bits only.
  using FunctionKey = std::pair<uint32_t, int32_t>;
  llvm::DenseMap<FunctionKey, std::vector<Effect>> Memo;
  llvm::DenseSet<FunctionKey> InProgress;
  llvm::StringMap<bool> LookedUpOnly; // "module\0name"
  unsigned CallDepth = 0;
  std::optional<std::vector<ImportTimeEffect>> ModuleEffects;
  std::optional<llvm::DenseMap<uint32_t, size_t>> Effectful;
  std::optional<std::vector<std::vector<uint32_t>>> Successors, Predecessors;
  std::optional<std::vector<uint32_t>> SortedImports;
  /// Builds what tasks running at once read, so that none builds it: the
  /// module indexes (parsed modules, cycle members) and the graph.
  void buildSharedReads();
  /// Per cycle, computed for all of them on the first cycleTouch.
  std::optional<std::vector<std::optional<CycleTouch>>> Touches;
  /// cycleTouch's answer for cycle C. Runs on several threads at once: it
  /// only reads (the module indexes and the graph are built before).
  std::optional<CycleTouch> touchOf(size_t C);
  /// The members of cycle C that must keep today's order so that each
  /// member in Touched (whose names another member reads while starting)
  /// starts where it starts today.
  std::vector<uint32_t> orderNeeded(size_t C,
                                    const llvm::DenseSet<uint32_t> &Touched);
  std::vector<uint32_t> shortestPath(uint32_t From, uint32_t To,
                                     const llvm::DenseSet<uint32_t> &Within);
  /// Breadth-first search from From through the import-time graph inside
  /// Within, until it takes StopAt off the queue: each node reached, mapped
  /// to the node it was reached from.
  llvm::DenseMap<uint32_t, uint32_t>
  breadthFirstTree(uint32_t From, const llvm::DenseSet<uint32_t> &Within,
                   uint32_t StopAt = UINT32_MAX);
  /// The path from From to To in a breadth-first tree from From; empty when
  /// To was not reached.
  static std::vector<uint32_t>
  pathIn(const llvm::DenseMap<uint32_t, uint32_t> &Tree, uint32_t From,
         uint32_t To);
};

} // namespace lazycheck

#endif
