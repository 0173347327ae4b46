//===- Facts.h - Per-module facts from one tree walk ------------*- C++ -*-===//
//
// What the single tree walk of a file keeps: compact, source-free records
// that rules and whole-program passes read after the tree is freed.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_FACTS_H
#define LAZYCHECK_ANALYZER_FACTS_H

#include "Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <vector>

namespace lazycheck {

enum class ImportKind : uint8_t { Import, From, Star, Relative, Dynamic };
enum class ScopeKind : uint8_t { Module, Class, Function };

/// A construct enclosing an import, outermost first in ImportFact::Contexts.
enum class ContextKind : uint8_t {
  Try,          // the body of a try statement
  Except,       // an except / except* handler
  Finally,      // a finally clause
  TryElse,      // the else clause of a try statement (runs like plain code)
  With,         // a with block
  TypeChecking, // the true branch of `if TYPE_CHECKING:` (never runs)
  MainGuard,    // the true branch of `if __name__ == "__main__":`
  If,           // any other if / elif / else / match case branch
  Loop,         // a for or while statement
};

llvm::StringRef importKindName(ImportKind K);
llvm::StringRef scopeName(ScopeKind S);
llvm::StringRef contextName(ContextKind C);

/// One name an import binds (or, for `import a.b`, the module it names).
struct ImportedName {
  std::string Imported;          // `from m import Imported` / `import Imported`
  std::string Bound;             // the local name it binds ("" when none)
  bool Read = false;             // read anywhere in the module afterwards
  bool ReadAtImportTime = false; // read by module-level or class-body code
};

/// One imported module clause: `import a, b` gives two, `from m import x, y`
/// one with two names.
struct ImportFact {
  unsigned Line = 0, Col = 0; // 1-based; Col in code points
  ImportKind Kind = ImportKind::Import;
  ScopeKind Scope = ScopeKind::Module;
  bool InFunction = false; // nested in a function at any depth
  llvm::SmallVector<ContextKind, 2> Contexts;
  std::string Module; // dotted module as written, without leading dots
  unsigned Level = 0; // leading dots of a relative import
  llvm::SmallVector<ImportedName, 1> Names;
  bool ExplicitLazy = false; // `lazy import` / `lazy from` or __lazy_modules__
  bool Future = false;       // from __future__ import ...
  /// Executes after a module-level `__lazy_modules__` assignment (which the
  /// project model matches against the import's absolute name).
  bool AfterLazyModules = false;

  bool hasContext(ContextKind C) const;
  /// Runs when the module body runs: not in a function, not under
  /// `if TYPE_CHECKING:` or a `__main__` guard.
  bool runsAtImportTime() const;
  bool pep810Eligible() const;
  bool cinderEligible() const;
};

struct ModuleFacts {
  std::vector<ImportFact> Imports;
  /// Strings in a module-level `__all__` (what `from m import *` takes).
  std::vector<std::string> AllNames;
  /// Names listed in a module-level `__lazy_modules__`.
  std::vector<std::string> LazyModules;
  unsigned ErrorNodes = 0;
  unsigned MissingNodes = 0;
  unsigned Lines = 0;
  uint64_t Bytes = 0;
  DiagnosticList Diags;
};

} // namespace lazycheck

#endif
