//===- Suppressions.h - Inline suppression comments -------------*- C++ -*-===//
//
// Comments that silence findings, read from the source file on demand:
//
//   x = 1  # lazycheck: ignore[LC101]       this line, these rules
//   x = 1  # lazycheck: ignore[LC101, LC2]  codes, prefixes or rule names
//   x = 1  # lazycheck: ignore              this line, every rule
//   x = 1  # noqa: LC101                    this line, the LC codes listed
//   x = 1  # noqa: LC101,E501               (other tools' codes are skipped)
//   # lazycheck: ignore-file                the whole file (on its own line)
//   # lazycheck: ignore-file[LC3]           the whole file, these rules
//
// A bare `# noqa`, or a `# noqa:` listing no LC code, does NOT suppress
// lazycheck findings: people write `import x  # noqa: F401` precisely on the
// imports kept only for their side effects (to silence "unused import"),
// which are the imports lazycheck exists to report (LC301): a lazy import
// would never run them. Silencing lazycheck takes an LC code.
//
// Only real comments count: a '#' inside a string literal (including a
// triple-quoted one spanning lines) starts no comment. Several directives may
// share one comment (`# noqa: F401  # lazycheck: ignore[LC301]`). Malformed
// directives and unknown codes suppress nothing.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_SUPPRESSIONS_H
#define LAZYCHECK_ANALYZER_SUPPRESSIONS_H

#include "Catalogue.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <vector>

namespace lazycheck {

/// The suppression comments of one file.
class FileSuppressions {
public:
  FileSuppressions() = default;
  /// Scans Text (a whole Python source file) for suppression comments.
  explicit FileSuppressions(llvm::StringRef Text);

  /// Whether R is suppressed on Line (1-based; 0 means "the whole file",
  /// which only ignore-file covers).
  bool suppresses(unsigned Line, RuleId R) const;

private:
  using RuleMask = std::vector<bool>; // indexed by RuleId
  std::optional<RuleMask> WholeFile;
  llvm::DenseMap<unsigned, RuleMask> Lines;
};

/// Suppressions of many files, each read (once) when first asked about.
/// Not thread-safe: use one instance per thread, or call it from one thread
/// (e.g. after the findings are collected).
class Suppressions {
public:
  /// Whether the finding of rule R at Path:Line is suppressed; counts it if
  /// so. A file that cannot be read suppresses nothing.
  bool isSuppressed(llvm::StringRef Path, unsigned Line, RuleId R);
  /// Uses F for Path instead of reading the file.
  void setFile(llvm::StringRef Path, FileSuppressions F);
  /// How many isSuppressed calls returned true.
  unsigned suppressedCount() const { return Count; }
  /// Uses Text as Path's content instead of reading the file (for sources
  /// already in memory, and tests).
  void setSource(llvm::StringRef Path, llvm::StringRef Text);

private:
  const FileSuppressions &file(llvm::StringRef Path);

  llvm::StringMap<FileSuppressions> Files;
  unsigned Count = 0;
};

} // namespace lazycheck

#endif
