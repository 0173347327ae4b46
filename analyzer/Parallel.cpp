//===- Parallel.cpp - Parallel loops over independent work ----------------===//
#include "Parallel.h"
#include <thread>

namespace lazycheck {

static std::atomic<unsigned> Workers{0}; // 0 = one per core

ParallelismLimit::ParallelismLimit(unsigned Jobs) : Previous(Workers) {
  if (Jobs == 0)
    return;
  Workers = Jobs;
#ifndef LAZYCHECK_PLAIN_THREADS
  Control = std::make_unique<tbb::global_control>(
      tbb::global_control::max_allowed_parallelism, Jobs);
#endif
}

ParallelismLimit::~ParallelismLimit() { Workers = Previous; }

unsigned ParallelismLimit::workers() {
  unsigned W = Workers;
  if (W)
    return W;
  return std::max(1u, std::thread::hardware_concurrency());
}

} // namespace lazycheck
