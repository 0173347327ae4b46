//===- Discovery.h - Finding the Python files to analyse --------*- C++ -*-===//
#ifndef LAZYCHECK_ANALYZER_DISCOVERY_H
#define LAZYCHECK_ANALYZER_DISCOVERY_H

#include "Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace lazycheck {

struct SourceFile {
  std::string AbsPath;     // absolute, dots removed (symlinks kept)
  std::string DisplayPath; // as the user would write it, valid UTF-8
  bool operator<(const SourceFile &O) const { return AbsPath < O.AbsPath; }
};

/// Walks Paths for *.py files, skipping VCS and cache directories,
/// virtualenvs (a pyvenv.cfg), node_modules and paths matching an Excludes
/// glob (matched against the path relative to the walked PATH and against
/// the base name). Reports unreadable entries, symlink loops and non-UTF-8
/// names. The result is sorted and free of duplicates.
std::vector<SourceFile> discoverFiles(llvm::ArrayRef<std::string> Paths,
                                      llvm::ArrayRef<std::string> Excludes,
                                      DiagnosticList &Diags);

} // namespace lazycheck

#endif
