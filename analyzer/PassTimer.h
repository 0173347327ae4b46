//===- PassTimer.h - Each pass times itself ---------------------*- C++ -*-===//
#ifndef LAZYCHECK_ANALYZER_PASSTIMER_H
#define LAZYCHECK_ANALYZER_PASSTIMER_H

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <string>

namespace lazycheck {

/// Prints "lazycheck: NAME: N ms" to stderr when it goes out of scope, if
/// enabled (--time-passes).
class PassTimer {
public:
  PassTimer(bool On, const llvm::Twine &PassName)
      : Enabled(On), Name(On ? PassName.str() : std::string()),
        Start(std::chrono::steady_clock::now()) {}
  ~PassTimer() {
    if (!Enabled)
      return;
    double Ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - Start)
                    .count();
    llvm::errs() << "lazycheck: " << Name << ": " << llvm::format("%.1f", Ms)
                 << " ms\n";
  }
  PassTimer(const PassTimer &) = delete;
  PassTimer &operator=(const PassTimer &) = delete;

private:
  bool Enabled;
  std::string Name;
  std::chrono::steady_clock::time_point Start;
};

} // namespace lazycheck

#endif
