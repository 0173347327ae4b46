#include "ImportGraph.h"
#include <doctest/doctest.h>

using namespace lazycheck;

TEST_CASE("cyclic components, with a synthetic root reaching every node") {
  // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 3 a self-loop; 4 -> 5 none; 6 alone.
  DependencyGraph G(7, {{0, 1}, {1, 2}, {2, 0}, {3, 3}, {4, 5}, {2, 4}});
  auto Cycles = G.cyclicComponents();
  std::sort(Cycles.begin(), Cycles.end());
  REQUIRE(Cycles.size() == 2);
  CHECK(Cycles[0] == std::vector<uint32_t>{0, 1, 2});
  CHECK(Cycles[1] == std::vector<uint32_t>{3});
}

TEST_CASE("no edges, no cycles") {
  DependencyGraph G(3, {});
  CHECK(G.cyclicComponents().empty());
}
