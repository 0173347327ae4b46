//===- Driver.h - The lazycheck command line --------------------*- C++ -*-===//
#ifndef LAZYCHECK_ANALYZER_DRIVER_H
#define LAZYCHECK_ANALYZER_DRIVER_H

#include "llvm/ADT/ArrayRef.h"

namespace lazycheck {

/// Runs lazycheck with Args (without the program name); returns the exit
/// status.
int runLazycheck(llvm::ArrayRef<const char *> Args);

} // namespace lazycheck

#endif
