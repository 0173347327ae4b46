//===- NameBindings.cpp - Which reads see which binding -------------------===//
#include "NameBindings.h"
#include "Source.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>

namespace lazycheck {

void NameBindings::index(llvm::StringRef Source,
                         const llvm::StringSet<> &Names) {
  for (const auto &N : Names) {
    Index[N.getKey()];
    Lengths |= uint64_t(1) << (N.getKey().size() % 64);
  }
  if (Index.empty())
    return;
  auto Sort = [&](const std::vector<Record> &Log,
                  std::vector<Record> PerName::*Into) {
    for (const Record &R : Log) {
      llvm::StringRef Text = Source.substr(R.Start, R.Length);
      // Non-ASCII names may match after normalisation, whatever their length.
      if (!(Lengths & (uint64_t(1) << (R.Length % 64))) &&
          llvm::all_of(Text, [](char C) {
            return static_cast<unsigned char>(C) < 0x80;
          }))
        continue;
      auto It = Index.find(Text);
      if (It == Index.end() && llvm::any_of(Text, [](char C) {
            return static_cast<unsigned char>(C) >= 0x80; // rare: NFKC
          }))
        It = Index.find(normalizeIdentifier(Text));
      if (It != Index.end())
        (It->second.*Into).push_back(R); // the logs are in source order
    }
  };
  Sort(Bindings, &PerName::Bindings);
  Sort(Globals, &PerName::Globals);
  Sort(Reads, &PerName::Reads);
  for (const auto &[Name, R] : Named) {
    auto It = Index.find(Name);
    if (It == Index.end())
      continue;
    std::vector<Record> &B = It->second.Bindings;
    B.insert(std::upper_bound(B.begin(), B.end(), R,
                              [](const Record &X, const Record &Y) {
                                return X.Start < Y.Start;
                              }),
             R);
  }
}

bool NameBindings::boundIn(const PerName &N, uint32_t Scope,
                           uint32_t Before) const {
  for (const Record &B : N.Bindings)
    if (B.Scope == Scope && B.Start < Before)
      return true;
  return false;
}

bool NameBindings::declaredGlobal(const PerName &N, uint32_t Scope) const {
  for (const Record &G : N.Globals)
    if (G.Scope == Scope)
      return true;
  return false;
}

uint32_t NameBindings::resolve(const PerName &N, const Record &Read) const {
  for (uint32_t S = Read.Scope; S != ModuleScope; S = Scopes[S].Parent) {
    if (Scopes[S].Type == ScopeType::Class) {
      // A class body's names are visible to its own later statements only,
      // not to functions nested in it.
      if (S == Read.Scope && boundIn(N, S, Read.Start))
        return S;
      continue;
    }
    if (declaredGlobal(N, S))
      return ModuleScope;
    if (boundIn(N, S, UINT32_MAX)) // bound anywhere in a function: local
      return S;
  }
  return ModuleScope;
}

uint32_t NameBindings::resolveRead(llvm::StringRef Name,
                                   const Record &R) const {
  auto It = Index.find(Name);
  if (It == Index.end())
    return ModuleScope;
  return resolve(It->second, R);
}

llvm::ArrayRef<NameBindings::Record>
NameBindings::readsOf(llvm::StringRef Name) const {
  auto It = Index.find(Name);
  if (It == Index.end())
    return {};
  return It->second.Reads;
}

bool NameBindings::isBoundUnconditionallyIn(llvm::StringRef Name,
                                            uint32_t Scope) const {
  auto It = Index.find(Name);
  if (It == Index.end())
    return false;
  return llvm::any_of(It->second.Bindings, [&](const Record &B) {
    return B.Scope == Scope && (B.Flags & Flag);
  });
}

bool NameBindings::isBoundIn(llvm::StringRef Name, uint32_t Scope) const {
  auto It = Index.find(Name);
  return It != Index.end() && boundIn(It->second, Scope, UINT32_MAX);
}

NameBindings::Uses NameBindings::uses(llvm::StringRef Name, uint32_t Scope,
                                      uint32_t End) const {
  Uses U;
  auto It = Index.find(Name);
  if (It == Index.end())
    return U;
  const PerName &N = It->second;
  if (Scope != ModuleScope) {
    // An import inside a function or class: reads after it in that scope.
    for (const Record &R : N.Reads) {
      if (R.Start < End || resolve(N, R) != Scope)
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
  for (const Record &B : N.Bindings)
    if (B.Scope == ModuleScope && (B.Flags & Flag) && B.Start >= End &&
        B.Start < ReplacedAt)
      ReplacedAt = B.Start;
  for (const Record &R : N.Reads) {
    if (resolve(N, R) != ModuleScope)
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
