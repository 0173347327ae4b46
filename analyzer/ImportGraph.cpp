//===- ImportGraph.cpp - The import-time dependency graph -----------------===//
#include "ImportGraph.h"
#include "Project.h"
#include "llvm/ADT/GraphTraits.h"
#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/STLExtras.h"

namespace llvm {
template <> struct GraphTraits<lazycheck::DependencyGraph *> {
  using NodeRef = lazycheck::DependencyGraph::Node *;
  using ChildIteratorType = std::vector<NodeRef>::iterator;
  static NodeRef getEntryNode(lazycheck::DependencyGraph *G) {
    return G->root();
  }
  static ChildIteratorType child_begin(NodeRef N) { return N->Succs.begin(); }
  static ChildIteratorType child_end(NodeRef N) { return N->Succs.end(); }
};
} // namespace llvm

namespace lazycheck {

DependencyGraph::DependencyGraph(
    uint32_t NumNodes, llvm::ArrayRef<std::pair<uint32_t, uint32_t>> Edges)
    : Nodes(NumNodes + 1) {
  for (uint32_t I = 0; I <= NumNodes; ++I)
    Nodes[I].Id = I;
  for (auto [From, To] : Edges)
    Nodes[From].Succs.push_back(&Nodes[To]);
  for (uint32_t I = 0; I < NumNodes; ++I)
    Nodes[NumNodes].Succs.push_back(&Nodes[I]);
}

std::vector<std::vector<uint32_t>> DependencyGraph::cyclicComponents() {
  std::vector<std::vector<uint32_t>> Out;
  for (auto I = llvm::scc_begin(this); !I.isAtEnd(); ++I) {
    if (!I.hasCycle())
      continue;
    std::vector<uint32_t> Members;
    for (Node *N : *I)
      if (N != root())
        Members.push_back(N->Id);
    if (Members.empty())
      continue;
    llvm::sort(Members);
    Out.push_back(std::move(Members));
  }
  return Out;
}

std::vector<std::vector<uint32_t>> findImportCycles(const Project &P) {
  std::vector<std::pair<uint32_t, uint32_t>> Edges;
  for (const DependencyEdge &E : P.Edges)
    if (E.ImportTime && E.From != E.To) // importing oneself is a no-op
      Edges.push_back({E.From, E.To});
  llvm::sort(Edges);
  Edges.erase(std::unique(Edges.begin(), Edges.end()), Edges.end());
  DependencyGraph G(static_cast<uint32_t>(P.Modules.size()), Edges);
  std::vector<std::vector<uint32_t>> Cycles = G.cyclicComponents();
  auto ByName = [&](uint32_t A, uint32_t B) {
    return P.Modules[A].Name < P.Modules[B].Name;
  };
  for (auto &C : Cycles)
    llvm::sort(C, ByName);
  llvm::sort(Cycles, [&](const auto &A, const auto &B) {
    return P.Modules[A.front()].Name < P.Modules[B.front()].Name;
  });
  return Cycles;
}

} // namespace lazycheck
