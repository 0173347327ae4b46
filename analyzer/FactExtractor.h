//===- FactExtractor.h - The one tree walk per file -------------*- C++ -*-===//
#ifndef LAZYCHECK_ANALYZER_FACTEXTRACTOR_H
#define LAZYCHECK_ANALYZER_FACTEXTRACTOR_H

#include "Facts.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <tree_sitter/api.h>

namespace lazycheck {

/// A tree-sitter parser set up for Python. One per thread: TSParser is not
/// thread-safe, but a parser can be reused for many files.
class PythonParser {
public:
  PythonParser();
  ~PythonParser();
  PythonParser(const PythonParser &) = delete;
  PythonParser &operator=(const PythonParser &) = delete;

  /// Parses Source and extracts its facts in a single walk; the tree is
  /// freed before returning.
  ModuleFacts extract(llvm::StringRef Source, llvm::StringRef DisplayPath);

  /// Parses and frees the tree, nothing else (the benchmark's baseline).
  /// Returns the number of nodes with errors, to keep the work observable.
  unsigned parseOnly(llvm::StringRef Source);

private:
  TSParser *Parser;
};

} // namespace lazycheck

#endif
