//===- ExpressionScanner.h - Names an expression reads, lexically -*- C++ -*-=//
//
// A fast path for the walker: stepping a tree-sitter cursor through every
// node of an expression costs more than parsing it did, yet all the walker
// wants from most expressions is which names they read. This scanner reads
// those straight from the source bytes of a plain expression and gives up
// (so the walker descends) on anything that needs the tree: lambdas,
// comprehensions, assignment expressions, f-strings, dynamic imports.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_EXPRESSIONSCANNER_H
#define LAZYCHECK_ANALYZER_EXPRESSIONSCANNER_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <utility>

namespace lazycheck {

/// Appends (offset, length) of every name that Source[Begin, End) reads:
/// identifiers that are not keywords, attribute names (after '.'), keyword
/// argument names (before '=') or parts of strings, numbers and comments.
/// Returns false, leaving Reads unspecified, when the expression holds a
/// construct that needs the syntax tree.
bool scanExpressionReads(
    llvm::StringRef Source, uint32_t Begin, uint32_t End,
    llvm::SmallVectorImpl<std::pair<uint32_t, uint32_t>> &Reads);

/// A function's parameter list, `(a, b: T = d, *args, **kw)`, read
/// lexically: the names it binds, the names its defaults read and the names
/// its annotations read. False when it needs the syntax tree.
struct ParameterScan {
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 8> Binds, Reads,
      AnnotationReads;
};
bool scanParameters(llvm::StringRef Source, uint32_t Begin, uint32_t End,
                    ParameterScan &Out);

} // namespace lazycheck

#endif
