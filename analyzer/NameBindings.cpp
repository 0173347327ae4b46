//===- NameBindings.cpp - Which reads see which binding -------------------===//
#include "NameBindings.h"
#include "Source.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/StringSaver.h"
#include <algorithm>

namespace lazycheck {

// FNV-1a: identifiers are short, and this runs for every name in a file.
static constexpr uint32_t FnvBasis = 2166136261u;
static uint32_t fnvStep(uint32_t H, char C) {
  return (H ^ static_cast<unsigned char>(C)) * 16777619u;
}
static uint32_t hashName(llvm::StringRef Name) {
  uint32_t H = FnvBasis;
  for (char C : Name)
    H = fnvStep(H, C);
  return H;
}

// The slot that holds Name (whose hashName is Hash), or the empty slot where
// it would go.
size_t NameBindings::slotOf(llvm::StringRef Name, uint32_t Hash) const {
  size_t Mask = Slots.size() - 1;
  size_t I = Hash & Mask;
  while (Slots[I] != 0 && NameText[Slots[I] - 1] != Name)
    I = (I + 1) & Mask;
  return I;
}

size_t NameBindings::slotOf(llvm::StringRef Name) const {
  return slotOf(Name, hashName(Name));
}

uint32_t NameBindings::nameId(llvm::StringRef Name) const {
  if (Slots.empty())
    return NoName;
  uint32_t Slot = Slots[slotOf(Name)];
  return Slot ? Slot - 1 : NoName;
}

uint32_t NameBindings::intern(llvm::StringRef Name, uint32_t Hash) {
  uint32_t &Slot = Slots[slotOf(Name, Hash)];
  if (Slot == 0) {
    NameText.push_back(Name);
    Slot = static_cast<uint32_t>(NameText.size());
  }
  return Slot - 1;
}

uint32_t NameBindings::intern(llvm::StringRef Name) {
  return intern(Name, hashName(Name));
}

uint32_t NameBindings::internText(llvm::StringRef Text) {
  // One pass hashes the name and finds whether it is ASCII: every name in
  // a file comes through here. Non-ASCII names are compared
  // NFKC-normalised (PEP 3131).
  uint32_t H = FnvBasis;
  unsigned char High = 0;
  for (char C : Text) {
    High |= static_cast<unsigned char>(C);
    H = fnvStep(H, C);
  }
  if (High < 0x80)
    return intern(Text, H);
  return intern(llvm::StringSaver(Normalised).save(normalizeIdentifier(Text)));
}

void NameBindings::sortByName(const std::vector<Record> &Log,
                              const std::vector<uint32_t> &Ids,
                              ByName &Out) const {
  // A counting sort: stable, so each name's records stay in log order.
  size_t Names = NameText.size();
  Out.Begin.assign(Names + 1, 0);
  for (uint32_t Id : Ids)
    ++Out.Begin[Id + 1];
  for (size_t I = 0; I < Names; ++I)
    Out.Begin[I + 1] += Out.Begin[I];
  Out.Items.resize(Log.size());
  std::vector<uint32_t> Next(Out.Begin.begin(), Out.Begin.end() - 1);
  for (size_t I = 0; I < Log.size(); ++I)
    Out.Items[Next[Ids[I]]++] = Log[I];
}

void NameBindings::index(llvm::StringRef Source) {
  size_t Logged =
      Bindings.size() + Globals.size() + Reads.size() + Named.size();
  size_t Size = 16;
  while (Size < 2 * Logged)
    Size *= 2;
  Slots.assign(Size, 0);
  NameText.reserve(Logged);

  std::vector<Record> AllBindings;
  AllBindings.reserve(Bindings.size() + Named.size());
  std::vector<uint32_t> BindingIds;
  BindingIds.reserve(Bindings.size() + Named.size());
  for (const Record &R : Bindings) {
    AllBindings.push_back(R);
    BindingIds.push_back(internText(Source.substr(R.Start, R.Length)));
  }
  for (const auto &[Name, R] : Named) {
    AllBindings.push_back(R);
    BindingIds.push_back(intern(Name));
  }
  GlobalNames.reserve(Globals.size());
  for (const Record &R : Globals)
    GlobalNames.push_back(internText(Source.substr(R.Start, R.Length)));
  ReadNames.reserve(Reads.size());
  for (const Record &R : Reads)
    ReadNames.push_back(internText(Source.substr(R.Start, R.Length)));

  sortByName(AllBindings, BindingIds, BindingsOf);
  sortByName(Globals, GlobalNames, GlobalsOf);
  sortByName(Reads, ReadNames, ReadsOf);
}

bool NameBindings::boundIn(uint32_t Name, uint32_t Scope,
                           uint32_t Before) const {
  for (const Record &B : BindingsOf.of(Name))
    if (B.Scope == Scope && B.Start < Before)
      return true;
  return false;
}

bool NameBindings::declaredGlobal(uint32_t Name, uint32_t Scope) const {
  for (const Record &G : GlobalsOf.of(Name))
    if (G.Scope == Scope)
      return true;
  return false;
}

uint32_t NameBindings::resolve(uint32_t Name, const Record &Read) const {
  for (uint32_t S = Read.Scope; S != ModuleScope; S = Scopes[S].Parent) {
    if (Scopes[S].Type == ScopeType::Class) {
      // A class body's names are visible to its own later statements only,
      // not to functions nested in it.
      if (S == Read.Scope && boundIn(Name, S, Read.Start))
        return S;
      continue;
    }
    if (declaredGlobal(Name, S))
      return ModuleScope;
    if (boundIn(Name, S, UINT32_MAX)) // bound anywhere in a function: local
      return S;
  }
  return ModuleScope;
}

uint32_t NameBindings::resolveRead(uint32_t Read) const {
  return resolve(ReadNames[Read], Reads[Read]);
}

llvm::ArrayRef<NameBindings::Record>
NameBindings::readsOf(uint32_t Name) const {
  return ReadsOf.of(Name);
}

bool NameBindings::isBoundUnconditionallyIn(uint32_t Name,
                                            uint32_t Scope) const {
  return llvm::any_of(BindingsOf.of(Name), [&](const Record &B) {
    return B.Scope == Scope && (B.Flags & Flag);
  });
}

bool NameBindings::isBoundIn(uint32_t Name, uint32_t Scope) const {
  return boundIn(Name, Scope, UINT32_MAX);
}

NameBindings::Uses NameBindings::uses(llvm::StringRef Name, uint32_t Scope,
                                      uint32_t End) const {
  Uses U;
  uint32_t Id = nameId(Name);
  if (Id == NoName)
    return U;
  if (Scope != ModuleScope) {
    // An import inside a function or class: reads after it in that scope.
    for (const Record &R : ReadsOf.of(Id)) {
      if (R.Start < End || resolve(Id, R) != Scope)
        continue;
      U.Read = true;
      if (!(R.Flags & Flag) && Scopes[Scope].Type == ScopeType::Class) {
        U.ReadAtImportTime = true;
        U.FirstImportTimeRead = std::min(U.FirstImportTimeRead, R.Start);
      }
    }
    return U;
  }
  // The next unconditional module-level binding of the name replaces this
  // one for the reads that come after it.
  uint32_t ReplacedAt = UINT32_MAX;
  for (const Record &B : BindingsOf.of(Id))
    if (B.Scope == ModuleScope && (B.Flags & Flag) && B.Start >= End &&
        B.Start < ReplacedAt)
      ReplacedAt = B.Start;
  for (const Record &R : ReadsOf.of(Id)) {
    if (resolve(Id, R) != ModuleScope)
      continue;
    if (R.Flags & Flag) {
      // Runs later (a function called after the module body): it sees the
      // last binding, this one unless something unconditional replaced it.
      if (ReplacedAt == UINT32_MAX)
        U.Read = true;
      continue;
    }
    if (R.Start >= End && R.Start < ReplacedAt) {
      U.Read = true;
      U.ReadAtImportTime = true;
      U.FirstImportTimeRead = std::min(U.FirstImportTimeRead, R.Start);
    }
  }
  return U;
}

} // namespace lazycheck
