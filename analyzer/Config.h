//===- Config.h - [tool.lazycheck] in pyproject.toml ------------*- C++ -*-===//
//
//   [tool.lazycheck]
//   roots = ["src"]                 # like --root, relative to this file
//   exclude = ["build", "*_pb2.py"] # like --exclude
//   select = ["ALL"]                # rule selectors (see RuleSelection.h)
//   ignore = ["LC305"]
//   fail-on = "warning"             # error | warning | info | never
//   python = "python3.12"           # like --python ("none": no interpreter)
//
//   [tool.lazycheck.per-file-ignores]
//   "tests/**" = ["LC1"]
//
//   [tool.lazycheck.knowledge.calls] # the rules/knowledge.toml format
//   "myapp.setup_logging" = { rule = "LC104", what = "configures logging" }
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_CONFIG_H
#define LAZYCHECK_ANALYZER_CONFIG_H

#include "Knowledge.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lazycheck {

struct Config {
  std::string Path; // the file read, as given; "" when none
  std::string Dir;  // its directory, absolute; "" when none
  // As written; relative roots, excludes and per-file globs are relative to
  // Dir (see resolve()).
  std::vector<std::string> Roots, Exclude, Select, Ignore;
  /// glob -> rule selectors, in glob order.
  std::vector<std::pair<std::string, std::vector<std::string>>> PerFileIgnores;
  std::optional<std::string> FailOn; // "error"|"warning"|"info"|"never"
  std::optional<std::string> Python;
  /// [tool.lazycheck.knowledge], already validated; null when absent. It
  /// keeps its document alive, with source positions for messages.
  std::shared_ptr<const toml::table> KnowledgeTable;

  /// Merges KnowledgeTable (if any) over K; errors carry Path:line:col.
  llvm::Error mergeKnowledgeInto(Knowledge &K) const;
  /// P if absolute, else Dir/P (dots removed).
  std::string resolve(llvm::StringRef P) const;
};

/// The nearest pyproject.toml with a [tool.lazycheck] table, walking up from
/// Path (a file or a directory, made absolute); std::nullopt when there is
/// none up to the filesystem root. A pyproject.toml that is not valid TOML
/// counts when its text mentions "lazycheck", so that loadConfig reports
/// the syntax error instead of the file being skipped silently.
std::optional<std::string> findConfig(llvm::StringRef Path);

/// Reads [tool.lazycheck] from a pyproject.toml (a file without that table
/// gives an empty Config with Path and Dir set). Errors, as
/// "path:line:col: message": unreadable file, TOML syntax, wrong value
/// types, unknown keys ("unknown key 'selct' in [tool.lazycheck]"), unknown
/// rule selectors, a bad fail-on value, invalid knowledge tables.
llvm::Expected<Config> loadConfig(llvm::StringRef PyprojectPath);

} // namespace lazycheck

#endif
