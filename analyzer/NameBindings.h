//===- NameBindings.h - Which reads see which binding -----------*- C++ -*-===//
//
// The walker logs every binding and read of a name with its scope; at the
// end of the file, uses() answers whether a given binding (an import) is
// read, and whether by code that runs at import time. Scoping follows
// Python's rules closely enough for that question: function, lambda and
// comprehension scopes shadow module names they bind anywhere (unless
// declared global), class bodies shadow only their own later statements,
// and a later unconditional module-level binding replaces the earlier one.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_NAMEBINDINGS_H
#define LAZYCHECK_ANALYZER_NAMEBINDINGS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <cstdint>
#include <vector>

namespace lazycheck {

enum class ScopeType : uint8_t { Module, Function, Class, Comprehension };

class NameBindings {
public:
  static constexpr uint32_t ModuleScope = 0;

  NameBindings() { Scopes.push_back({ModuleScope, ScopeType::Module}); }

  uint32_t newScope(uint32_t Parent, ScopeType Type) {
    Scopes.push_back({Parent, Type});
    return static_cast<uint32_t>(Scopes.size() - 1);
  }
  ScopeType type(uint32_t Scope) const { return Scopes[Scope].Type; }

  /// Unconditional: a module-level statement outside any if/try/loop/with.
  void bind(uint32_t Scope, uint32_t Start, uint32_t Length,
            bool Unconditional) {
    add(Bindings, Scope, Start, Length, Unconditional ? Flag : 0);
  }
  /// A binding whose name is not the source text at Start (an import).
  void bindNamed(uint32_t Scope, llvm::StringRef Name, uint32_t Start,
                 bool Unconditional) {
    Named.push_back(
        {Name.str(),
         {Start, Scope, 0, static_cast<uint8_t>(Unconditional ? Flag : 0)}});
  }
  void declareGlobal(uint32_t Scope, uint32_t Start, uint32_t Length) {
    add(Globals, Scope, Start, Length, 0);
  }
  /// Deferred: runs later than the module body (function bodies, lambdas,
  /// `if TYPE_CHECKING:`, `__main__` blocks, unevaluated annotations).
  /// InWith: inside the body of a with statement.
  void read(uint32_t Scope, uint32_t Start, uint32_t Length, bool Deferred,
            bool InWith) {
    add(Reads, Scope, Start, Length,
        static_cast<uint8_t>((Deferred ? Flag : 0) | (InWith ? WithFlag : 0)));
  }

  /// Call once, after the walk, with the names uses() will be asked about.
  void index(llvm::StringRef Source, const llvm::StringSet<> &Names);

  struct Uses {
    bool Read = false;
    bool ReadAtImportTime = false;
    uint32_t FirstImportTimeRead = UINT32_MAX; // offset of the first such
  };
  /// The reads that see the binding of Name that Scope made with a
  /// statement ending at End (an import).
  Uses uses(llvm::StringRef Name, uint32_t Scope, uint32_t End) const;

  struct Record {
    uint32_t Start;
    uint32_t Scope;
    uint16_t Length;
    uint8_t Flags;
  };
  /// Every read and `global` declaration, in source order.
  const std::vector<Record> &reads() const { return Reads; }
  const std::vector<Record> &globalDeclarations() const { return Globals; }
  static bool deferred(const Record &R) { return R.Flags & Flag; }
  static bool inWith(const Record &R) { return R.Flags & WithFlag; }
  uint32_t parent(uint32_t Scope) const { return Scopes[Scope].Parent; }
  /// After index() with Name among the names: the scope whose binding of
  /// Name the read R sees (ModuleScope for a global or an unbound name).
  uint32_t resolveRead(llvm::StringRef Name, const Record &R) const;
  /// After index() with Name among the names: its reads, in source order.
  llvm::ArrayRef<Record> readsOf(llvm::StringRef Name) const;
  /// After index() with Name among the names: whether Scope binds it
  /// outside every if/try/with/loop of its own.
  bool isBoundUnconditionallyIn(llvm::StringRef Name, uint32_t Scope) const;
  /// After index() with Name among the names: whether Scope binds it.
  bool isBoundIn(llvm::StringRef Name, uint32_t Scope) const;

private:
  static constexpr uint8_t Flag = 1;
  static constexpr uint8_t WithFlag = 2;
  struct ScopeRec {
    uint32_t Parent;
    ScopeType Type;
  };
  struct PerName {
    std::vector<Record> Bindings, Globals, Reads;
  };

  static void add(std::vector<Record> &Log, uint32_t Scope, uint32_t Start,
                  uint32_t Length, uint8_t Flags) {
    if (Length <= UINT16_MAX)
      Log.push_back({Start, Scope, static_cast<uint16_t>(Length), Flags});
  }
  bool boundIn(const PerName &N, uint32_t Scope, uint32_t Before) const;
  bool declaredGlobal(const PerName &N, uint32_t Scope) const;
  /// The scope whose binding a read sees (ModuleScope for a global).
  uint32_t resolve(const PerName &N, const Record &Read) const;

  std::vector<ScopeRec> Scopes;
  std::vector<Record> Bindings, Globals, Reads;
  std::vector<std::pair<std::string, Record>> Named;
  llvm::StringMap<PerName> Index;
  /// A cheap first test before the hash lookup: bit (length % 64) is set
  /// for the length of every indexed name.
  uint64_t Lengths = 0;
};

} // namespace lazycheck

#endif
