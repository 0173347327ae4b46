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
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include <cstdint>
#include <string>
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

  /// Call once, after the walk: indexes every name logged.
  void index(llvm::StringRef Source);

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

  // After index():
  static constexpr uint32_t NoName = UINT32_MAX;
  /// The id of a name (NoName when the file never binds or reads it).
  uint32_t nameId(llvm::StringRef Name) const;
  /// The id of the name that reads()[Read] reads.
  uint32_t readName(uint32_t Read) const { return ReadNames[Read]; }
  /// The id of the name globalDeclarations()[Global] declares.
  uint32_t globalName(uint32_t Global) const { return GlobalNames[Global]; }
  /// How many names there are: ids are below this.
  uint32_t nameCount() const { return static_cast<uint32_t>(NameText.size()); }
  /// A name by id (NFKC-normalised).
  llvm::StringRef nameText(uint32_t Name) const { return NameText[Name]; }
  /// The scope whose binding of its name reads()[Read] sees (ModuleScope
  /// for a global or an unbound name).
  uint32_t resolveRead(uint32_t Read) const;
  /// The same for a read of the name Name (one of readsOf(Name)).
  uint32_t resolve(uint32_t Name, const Record &Read) const;
  /// The reads of a name, in source order.
  llvm::ArrayRef<Record> readsOf(uint32_t Name) const;
  /// Whether Scope binds the name outside every if/try/with/loop of its
  /// own.
  bool isBoundUnconditionallyIn(uint32_t Name, uint32_t Scope) const;
  /// Whether Scope binds the name.
  bool isBoundIn(uint32_t Name, uint32_t Scope) const;

private:
  static constexpr uint8_t Flag = 1;
  static constexpr uint8_t WithFlag = 2;
  struct ScopeRec {
    uint32_t Parent;
    ScopeType Type;
  };
  /// One log sorted by name id: the records of name I are
  /// Items[Begin[I], Begin[I + 1]), in log order.
  struct ByName {
    std::vector<uint32_t> Begin;
    std::vector<Record> Items;
    llvm::ArrayRef<Record> of(uint32_t Name) const {
      if (Name == NoName)
        return {};
      return llvm::ArrayRef<Record>(Items).slice(Begin[Name],
                                                 Begin[Name + 1] - Begin[Name]);
    }
  };

  static void add(std::vector<Record> &Log, uint32_t Scope, uint32_t Start,
                  uint32_t Length, uint8_t Flags) {
    if (Length <= UINT16_MAX)
      Log.push_back({Start, Scope, static_cast<uint16_t>(Length), Flags});
  }
  size_t slotOf(llvm::StringRef Name) const;
  size_t slotOf(llvm::StringRef Name, uint32_t Hash) const;
  uint32_t intern(llvm::StringRef Name);
  uint32_t intern(llvm::StringRef Name, uint32_t Hash);
  uint32_t internText(llvm::StringRef Text); // normalises non-ASCII names
  void sortByName(const std::vector<Record> &Log,
                  const std::vector<uint32_t> &Ids, ByName &Out) const;
  bool boundIn(uint32_t Name, uint32_t Scope, uint32_t Before) const;
  bool declaredGlobal(uint32_t Name, uint32_t Scope) const;

  std::vector<ScopeRec> Scopes;
  std::vector<Record> Bindings, Globals, Reads;
  std::vector<std::pair<std::string, Record>> Named;

  // The names, interned by index(): an open-addressing table of ids.
  std::vector<llvm::StringRef> NameText; // by id
  llvm::BumpPtrAllocator Normalised;     // non-ASCII names' NFKC forms
  std::vector<uint32_t> Slots;           // id + 1; 0 is empty
  std::vector<uint32_t> ReadNames;       // per read, its name id
  std::vector<uint32_t> GlobalNames;     // per global declaration
  ByName BindingsOf, GlobalsOf, ReadsOf;
};

} // namespace lazycheck

#endif
