//===- ImportGraph.h - The import-time dependency graph ---------*- C++ -*-===//
#ifndef LAZYCHECK_ANALYZER_IMPORTGRAPH_H
#define LAZYCHECK_ANALYZER_IMPORTGRAPH_H

#include "llvm/ADT/ArrayRef.h"
#include <cstdint>
#include <utility>
#include <vector>

namespace lazycheck {

class Project;

/// A directed graph over node ids 0..N-1 with a synthetic root (id N) that
/// reaches every node, so that llvm::scc_iterator, which only walks from an
/// entry node, visits all of them.
class DependencyGraph {
public:
  struct Node {
    uint32_t Id;
    std::vector<Node *> Succs;
  };

  DependencyGraph(uint32_t NumNodes,
                  llvm::ArrayRef<std::pair<uint32_t, uint32_t>> Edges);

  Node *root() { return &Nodes.back(); }
  uint32_t size() const { return static_cast<uint32_t>(Nodes.size() - 1); }

  /// Components that contain a cycle (two or more nodes, or a self-edge),
  /// each sorted by id, in the order scc_iterator yields them.
  std::vector<std::vector<uint32_t>> cyclicComponents();

private:
  std::vector<Node> Nodes;
};

/// The cycles of the project's import-time graph, members and list sorted by
/// module name.
std::vector<std::vector<uint32_t>> findImportCycles(const Project &P);

} // namespace lazycheck

#endif
