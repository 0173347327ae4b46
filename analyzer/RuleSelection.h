//===- RuleSelection.h - Which rules run, and where -------------*- C++ -*-===//
//
// Rule selectors, as in `select`, `ignore` and `per-file-ignores`: "ALL", a
// rule code ("LC101"), a code prefix ("LC1", "LC10", "LC") or a rule name
// ("foreign-mutation"). Codes, prefixes and "ALL" are case-insensitive.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_RULESELECTION_H
#define LAZYCHECK_ANALYZER_RULESELECTION_H

#include "Catalogue.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lazycheck {

/// Whether Selector selects at least one rule.
bool isValidRuleSelector(llvm::StringRef Selector);
/// Whether Selector selects R (false for an invalid selector).
bool ruleSelectorMatches(llvm::StringRef Selector, RuleId R);

/// The rules enabled by select / ignore lists and per-file-ignores.
///
/// Like ruff, when a rule is matched by both lists the more specific selector
/// wins (a code or name over a longer prefix over a shorter prefix over
/// "ALL"); on a tie, ignore wins. So select = ["LC1"], ignore = ["LC101"]
/// runs LC1xx but LC101, and select = ["LC101"], ignore = ["LC1"] runs only
/// LC101. A rule no select entry matches is off.
class RuleSelection {
public:
  using PerFileIgnore = std::pair<std::string, std::vector<std::string>>;

  /// Every rule enabled everywhere.
  RuleSelection();

  /// Select defaults to {"ALL"} when empty. Each per-file-ignores glob is
  /// matched against the file's path relative to the configuration's
  /// directory ('/'-separated); a glob without '/' also matches the file
  /// name, a leading "**/" also matches at the top, a leading "./" is
  /// dropped, and {a,b} alternatives are expanded. Errors name the unknown
  /// selectors or the invalid glob.
  static llvm::Expected<RuleSelection>
  create(llvm::ArrayRef<std::string> Select, llvm::ArrayRef<std::string> Ignore,
         llvm::ArrayRef<PerFileIgnore> PerFileIgnores = {});

  /// Whether R is enabled by select / ignore.
  bool enabled(RuleId R) const;
  /// Whether R is enabled for the file at RelPath (relative to the
  /// configuration's directory): enabled(R) and no per-file-ignores entry
  /// whose glob matches RelPath lists it.
  bool enabledFor(RuleId R, llvm::StringRef RelPath) const;

private:
  struct FileIgnore;
  std::vector<bool> Enabled; // indexed by RuleId
  std::vector<std::shared_ptr<const FileIgnore>> FileIgnores;
};

} // namespace lazycheck

#endif
