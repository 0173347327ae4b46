//===- Parallel.h - Parallel loops over independent work --------*- C++ -*-===//
//
// All of lazycheck's parallelism goes through parallelForEach and
// parallelInvoke. They run on oneTBB, except in ThreadSanitizer builds:
// Debian's libtbb is not instrumented, so TSan cannot see the
// synchronisation inside TBB's scheduler and reports races in TBB's own code.
// There the same bodies run on plain std::threads, which TSan fully
// understands, so what it checks is exactly lazycheck's own code under
// concurrency.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_PARALLEL_H
#define LAZYCHECK_ANALYZER_PARALLEL_H

#include <algorithm>
#include <atomic>
#include <memory>
#include <numeric>
#include <vector>

#if defined(__SANITIZE_THREAD__)
#define LAZYCHECK_PLAIN_THREADS 1
#include <thread>
#else
#include <tbb/global_control.h>
#include <tbb/parallel_for_each.h>
#include <tbb/parallel_invoke.h>
#include <tbb/task_arena.h>
#endif

namespace lazycheck {

/// Limits the worker threads for the lifetime of the object (-j N; 0 keeps
/// the default of one per core).
class ParallelismLimit {
public:
  explicit ParallelismLimit(unsigned Jobs);
  ~ParallelismLimit();
  ParallelismLimit(const ParallelismLimit &) = delete;
  ParallelismLimit &operator=(const ParallelismLimit &) = delete;

  /// The number of workers parallelForEach uses.
  static unsigned workers();

private:
  unsigned Previous;
#ifndef LAZYCHECK_PLAIN_THREADS
  std::unique_ptr<tbb::global_control> Control;
#endif
};

/// Calls F on every element of [Begin, End) in parallel, in no particular
/// order. F must only touch state owned by its element or by its thread.
template <typename It, typename Fn>
void parallelForEach(It Begin, It End, Fn &&F) {
#ifdef LAZYCHECK_PLAIN_THREADS
  size_t N = static_cast<size_t>(End - Begin);
  std::atomic<size_t> Next{0};
  auto Work = [&] {
    for (size_t I; (I = Next.fetch_add(1)) < N;)
      F(Begin[I]);
  };
  unsigned Count =
      static_cast<unsigned>(std::min<size_t>(ParallelismLimit::workers(), N));
  std::vector<std::thread> Threads;
  for (unsigned T = 1; T < Count; ++T)
    Threads.emplace_back(Work);
  Work();
  for (std::thread &T : Threads)
    T.join();
#else
  tbb::parallel_for_each(Begin, End, F);
#endif
}

/// Calls F(I) for every I in [0, N) in parallel, in no particular order.
template <typename Fn> void parallelForIndex(uint32_t N, Fn &&F) {
  std::vector<uint32_t> Indices(N);
  std::iota(Indices.begin(), Indices.end(), 0);
  parallelForEach(Indices.begin(), Indices.end(), F);
}

/// Runs F and G at the same time when a second worker is free. Each runs
/// isolated: a thread waiting inside one (in a nested parallelForEach) only
/// takes work of that one, so neither finds itself running inside the other.
template <typename Fn, typename Gn> void parallelInvoke(Fn &&F, Gn &&G) {
#ifdef LAZYCHECK_PLAIN_THREADS
  if (ParallelismLimit::workers() < 2) {
    F();
    G();
    return;
  }
  std::thread Other([&] { G(); });
  F();
  Other.join();
#else
  tbb::parallel_invoke([&] { tbb::this_task_arena::isolate(F); },
                       [&] { tbb::this_task_arena::isolate(G); });
#endif
}

} // namespace lazycheck

#endif
