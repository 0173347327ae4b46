//===- Knowledge.h - What lazycheck knows about outside APIs ----*- C++ -*-===//
//
// The reviewed knowledge of the outside world: which library calls and stores
// have effects that outlive them (and under which rule they are reported),
// which calls are pure, and which method names mutate a container or register
// something. The built-in tables come from rules/knowledge.toml, embedded at
// build time; projects extend them under [tool.lazycheck.knowledge].
//
// Names are qualified the way Python resolves them at the call site after
// following imports ("logging.basicConfig", "threading.Thread.start").
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_KNOWLEDGE_H
#define LAZYCHECK_ANALYZER_KNOWLEDGE_H

#include "Catalogue.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include <string>

// toml++ is a heavy header; only Knowledge.cpp and Config.cpp include it.
// This matches toml++ 3.x, whose table lives directly in the versioned inline
// namespace (Knowledge.cpp checks the version).
namespace toml {
inline namespace v3 {
class table;
} // namespace v3
} // namespace toml

namespace lazycheck {

/// What a catalogued call or store does.
struct ApiEffect {
  RuleId Rule;      // the rule it is reported under
  std::string What; // lower-case phrase for messages: "runs a subprocess"
  /// For calls: the effect happens only when the call opens for writing,
  /// i.e. its mode argument (this positional index, or mode=) contains w, a,
  /// x or +. -1: the call always has the effect.
  int WriteModeArg = -1;
  /// For calls: a with block undoes it when it exits (warnings filters
  /// inside `with warnings.catch_warnings():`), so it does not count there.
  bool Scoped = false;
};

/// The knowledge tables ([calls], [stores], [pure], [methods]; see
/// rules/knowledge.toml). Lookups are cheap and thread-safe once built.
class Knowledge {
public:
  /// Empty tables.
  Knowledge() = default;

  /// The built-in catalogue: rules/knowledge.toml as embedded at build time.
  static llvm::Expected<Knowledge> builtin();
  /// The embedded text of rules/knowledge.toml.
  static llvm::StringRef builtinText();

  /// Merges a TOML document in the knowledge.toml format over these tables:
  /// a [calls] or [stores] key given again replaces the entry, lists are
  /// extended. Errors are "SourceName:line:col: message" (syntax errors,
  /// wrong types, unknown keys, unknown rule ids, malformed names); on error
  /// nothing is changed.
  llvm::Error merge(llvm::StringRef TomlText, llvm::StringRef SourceName);
  /// Merges an already-parsed table (e.g. [tool.lazycheck.knowledge] of a
  /// pyproject.toml). TableName is the table's dotted name in its document
  /// ("tool.lazycheck.knowledge"), used in messages; empty for a document's
  /// top level.
  llvm::Error mergeTable(const toml::table &T, llvm::StringRef SourceName,
                         llvm::StringRef TableName = "");

  /// The effect of calling Qualified: the exact key, else "P.*" for each
  /// proper dotted prefix P of Qualified, longest first; nullptr if none.
  const ApiEffect *call(llvm::StringRef Qualified) const;
  /// The effect of storing into Qualified (or an attribute or item of it):
  /// the longest key K with Qualified == K or Qualified starting with K + ".";
  /// nullptr if none.
  const ApiEffect *store(llvm::StringRef Qualified) const;
  /// Whether calling Qualified never has a lasting effect (same matching as
  /// call()).
  bool isPure(llvm::StringRef Qualified) const;
  /// Whether calling a method of this name on a container mutates it.
  bool isMutatingMethod(llvm::StringRef Name) const;
  /// Whether a method of this name registers its argument somewhere.
  bool isRegistrationMethod(llvm::StringRef Name) const;
  /// Attributes whose assignment only describes an object (__doc__,
  /// __module__): not a change to it that anything depends on.
  bool isMetadataAttribute(llvm::StringRef Name) const;
  /// A decorator after which calling the function does not run its body
  /// (contextlib.contextmanager returns a context manager, unentered).
  bool defersBody(llvm::StringRef Qualified) const;
  /// A decorator that marks a nested function as the wrapper a decorator
  /// returns (functools.wraps): it runs when the decorated function is
  /// called, not when it is decorated.
  bool marksWrapper(llvm::StringRef Qualified) const;
  /// Stores into this (a cache of another module: linecache.cache) change
  /// nothing a lazy import could break.
  bool isPureStore(llvm::StringRef Qualified) const;

  /// The raw tables, e.g. for listing them. Keys of calls() and pure() may
  /// end in ".*".
  const llvm::StringMap<ApiEffect> &calls() const { return Calls; }
  const llvm::StringMap<ApiEffect> &stores() const { return Stores; }
  const llvm::StringSet<> &pure() const { return Pure; }
  const llvm::StringSet<> &mutatingMethods() const { return Mutating; }
  const llvm::StringSet<> &registrationMethods() const { return Registration; }

private:
  llvm::StringMap<ApiEffect> Calls, Stores;
  llvm::StringSet<> Pure, Mutating, Registration, Metadata, DeferredBody,
      Wrappers, PureStores;
};

} // namespace lazycheck

#endif
