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
#include "llvm/Support/Allocator.h"
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace lazycheck {

class FileSuppressions;

/// A SmallVector whose move cannot throw (moving one only moves its
/// elements or steals its buffer), so that std::vector moves the records
/// holding it when it grows instead of copying them.
template <typename T, unsigned N> struct FactVector : llvm::SmallVector<T, N> {
  using llvm::SmallVector<T, N>::SmallVector;
  FactVector() = default;
  FactVector(const FactVector &) = default;
  FactVector(FactVector &&) noexcept = default;
  FactVector &operator=(const FactVector &) = default;
  FactVector &operator=(FactVector &&) noexcept = default;
};

/// Native: a module a compiled extension names in its binary, which its
/// initialisation may import (no statement, no names; see Project.cpp).
enum class ImportKind : uint8_t {
  Import,
  From,
  Star,
  Relative,
  Dynamic,
  Native
};
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
  unsigned FirstImportTimeLine = 0, FirstImportTimeCol = 0; // that read
};

/// One imported module clause: `import a, b` gives two, `from m import x, y`
/// one with two names.
struct ImportFact {
  unsigned Line = 0, Col = 0; // 1-based; Col in code points
  ImportKind Kind = ImportKind::Import;
  ScopeKind Scope = ScopeKind::Module;
  bool InFunction = false; // nested in a function at any depth
  FactVector<ContextKind, 2> Contexts;
  std::string Module; // dotted module as written, without leading dots
  unsigned Level = 0; // leading dots of a relative import
  FactVector<ImportedName, 1> Names;
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

/// How a code reference uses its dotted chain.
enum class RefKind : uint8_t {
  Load,     // read: `a.b`, `a.b[i]`
  Call,     // called: `a.b(...)`, or applied as a decorator `@a.b`
  Store,    // `a.b = v`, `a.b[i] = v`
  AugStore, // `a.b += v`, `a.b[i] += v`
  Delete,   // `del a.b`, `del a.b[i]`
};

/// What the first name of a chain is bound to, where it is used.
enum class RootKind : uint8_t {
  Global,     // a module-level name of this module (imports included)
  Local,      // a local of the enclosing function or class body
  FirstParam, // the first parameter of the enclosing method (self, cls)
  Free,       // bound nowhere in the module: a builtin, or from `import *`
};

llvm::StringRef refKindName(RefKind K);
llvm::StringRef rootKindName(RootKind K);

/// A dotted chain the code uses: calls, stores and deletions of attributes
/// and items, decorators, and attribute reads of imported names. `()` after
/// a segment marks a call in the middle of the chain:
/// `threading.Thread(...).start()` is `threading.Thread().start`, a Call.
struct Reference {
  unsigned Line = 0, Col = 0;
  int32_t Function = -1; // index into ModuleFacts::Functions; -1: module body
  RefKind Kind = RefKind::Load;
  RootKind Root = RootKind::Global;
  // Bit-fields: half a million references on a large corpus.
  bool ImportTime : 1 = false;       // runs when the module body runs
  bool Decorator : 1 = false;        // `@chain` (Kind Call) ...
  bool DecoratorFactory : 1 = false; // ... or `@chain(...)`
  bool Item : 1 = false;             // through a subscript: `chain[...]`
  bool Iterated : 1 = false;         // after `in`, or passed to list()...
  bool Copied : 1 = false;           // passed to dict(): values read too
  bool Tested : 1 = false;           // a membership test: `x in chain`
  bool InWith : 1 = false;           // in the body of a with statement
  /// Call in a method whose first argument is the method's own first
  /// parameter: `Base.__init__(self, ...)` passes this object on.
  bool PassesSelf : 1 = false;
  uint16_t Args = 0;       // Call: top-level arguments
  llvm::StringRef Chain;   // in ModuleFacts::Strings
  llvm::StringRef ArgText; // Call: the text between the parentheses, when
                           // kept (import-time calls, exec, setattr, open);
                           // sys.modules lookups and item stores: the key
};

/// A def (or async def) anywhere in the module.
struct FunctionFact {
  std::string Name;
  std::string Qualified; // `Registry.register`, `outer.inner`
  unsigned Line = 0, Col = 0;
  int32_t Parent = -1;     // enclosing function
  int32_t Class = -1;      // the class whose body defines it (a method)
  bool ImportTime = false; // the def statement runs at import time
  std::string FirstParam;  // "" when it has none (or it is starred)
  // Both are empty for most functions: no inline element.
  FactVector<std::string, 0> Decorators;   // chains, outermost first
  FactVector<std::string, 0> GlobalWrites; // `global X` then X = ...
};

/// A class statement anywhere in the module.
struct ClassFact {
  std::string Name;
  std::string Qualified;
  unsigned Line = 0, Col = 0;
  int32_t Function = -1; // enclosing function
  int32_t Class = -1;    // enclosing class
  bool ImportTime = false;
  FactVector<std::string, 2> Bases; // chains (subscripts dropped)
  std::string Metaclass;            // chain, "" when none
  FactVector<std::string, 0> Decorators;
};

/// A module-level `name = chain(...)` or `name = chain`: what instances and
/// aliases are made of.
struct AssignFact {
  std::string Name;
  std::string Value; // the chain; empty when the value is not one (a
                     // literal, a subscript, a call's attribute)
  bool Call = false; // `chain(...)`
  unsigned Line = 0;
};

struct ModuleFacts {
  /// Most modules keep well under 1 KiB of strings: small slabs, so that
  /// the facts of thousands of modules do not hold mostly empty ones.
  using StringAllocator =
      llvm::BumpPtrAllocatorImpl<llvm::MallocAllocator, 1024, 1024>;
  ModuleFacts() : Strings(std::make_unique<StringAllocator>()) {}
  /// Keeps S alive as long as these facts (References point into it).
  llvm::StringRef save(llvm::StringRef S) {
    char *P = Strings->Allocate<char>(S.size() + 1);
    if (!S.empty())
      memcpy(P, S.data(), S.size());
    P[S.size()] = '\0';
    return llvm::StringRef(P, S.size());
  }

  std::unique_ptr<StringAllocator> Strings;
  std::vector<ImportFact> Imports;
  std::vector<Reference> References;
  std::vector<FunctionFact> Functions;
  std::vector<ClassFact> Classes;
  std::vector<AssignFact> Assigns;
  /// Strings in a module-level `__all__` (what `from m import *` takes).
  std::vector<std::string> AllNames;
  /// Module-level names this module only ever stores into or calls a
  /// method on (`REG[k] = v`, `REG.add(x)`), never reads as a value, and
  /// does not export: a container nothing in this module looks at. Empty
  /// when the module reaches its namespace some other way (globals(),
  /// vars(), __dict__, sys.modules).
  std::vector<std::string> WriteOnlyGlobals;
  /// A package's `__init__`: names its module-level code reads or deletes
  /// at import time that no import binds (`del adagrad` after `from
  /// .adagrad import Adagrad`: the import system binds the submodule's
  /// name there), each once, with its first place.
  struct NameUse {
    std::string Name;
    unsigned Line = 0, Col = 0;
  };
  std::vector<NameUse> UnimportedReads;
  /// Names listed in a module-level `__lazy_modules__`.
  std::vector<std::string> LazyModules;
  /// The file's suppression comments (null when it has none).
  std::shared_ptr<const FileSuppressions> Suppress;
  unsigned ErrorNodes = 0;
  unsigned MissingNodes = 0;
  unsigned Lines = 0;
  uint64_t Bytes = 0;
  DiagnosticList Diags;
};

static_assert(std::is_nothrow_move_constructible_v<ImportFact> &&
                  std::is_nothrow_move_constructible_v<FunctionFact> &&
                  std::is_nothrow_move_constructible_v<ClassFact>,
              "growing a vector of facts must move them, not copy");

} // namespace lazycheck

#endif
