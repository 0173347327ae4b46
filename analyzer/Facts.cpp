//===- Facts.cpp - Per-module facts ---------------------------------------===//
#include "Facts.h"
#include "llvm/ADT/STLExtras.h"

namespace lazycheck {

llvm::StringRef importKindName(ImportKind K) {
  switch (K) {
  case ImportKind::Import:
    return "import";
  case ImportKind::From:
    return "from";
  case ImportKind::Star:
    return "star";
  case ImportKind::Relative:
    return "relative";
  case ImportKind::Dynamic:
    return "dynamic";
  case ImportKind::Native:
    return "native";
  }
  return "import";
}

llvm::StringRef scopeName(ScopeKind S) {
  switch (S) {
  case ScopeKind::Module:
    return "module";
  case ScopeKind::Class:
    return "class";
  case ScopeKind::Function:
    return "function";
  }
  return "module";
}

llvm::StringRef contextName(ContextKind C) {
  switch (C) {
  case ContextKind::Try:
    return "try";
  case ContextKind::Except:
    return "except";
  case ContextKind::Finally:
    return "finally";
  case ContextKind::TryElse:
    return "try-else";
  case ContextKind::With:
    return "with";
  case ContextKind::TypeChecking:
    return "type-checking";
  case ContextKind::MainGuard:
    return "main-guard";
  case ContextKind::If:
    return "if";
  case ContextKind::Loop:
    return "loop";
  }
  return "if";
}

llvm::StringRef refKindName(RefKind K) {
  switch (K) {
  case RefKind::Load:
    return "load";
  case RefKind::Call:
    return "call";
  case RefKind::Store:
    return "store";
  case RefKind::AugStore:
    return "aug-store";
  case RefKind::Delete:
    return "delete";
  }
  return "load";
}

llvm::StringRef rootKindName(RootKind K) {
  switch (K) {
  case RootKind::Global:
    return "global";
  case RootKind::Local:
    return "local";
  case RootKind::FirstParam:
    return "first-param";
  case RootKind::Free:
    return "free";
  }
  return "global";
}

bool ImportFact::hasContext(ContextKind C) const {
  return llvm::is_contained(Contexts, C);
}

bool ImportFact::runsAtImportTime() const {
  return Scope != ScopeKind::Function && !InFunction &&
         !hasContext(ContextKind::TypeChecking) &&
         !hasContext(ContextKind::MainGuard);
}

// PEP 810: only module-scope `import`/`from` statements can be lazy; never
// anywhere inside a try statement (CPython 3.15's symbol table marks the
// whole statement, else and finally clauses included), never star imports,
// never `from __future__`, never __import__/import_module.
bool ImportFact::pep810Eligible() const {
  if (Scope != ScopeKind::Module || Kind == ImportKind::Star ||
      Kind == ImportKind::Dynamic || Kind == ImportKind::Native || Future)
    return false;
  return !hasContext(ContextKind::Try) && !hasContext(ContextKind::Except) &&
         !hasContext(ContextKind::Finally) && !hasContext(ContextKind::TryElse);
}

// Cinder (PEP 690) additionally keeps imports inside `with` blocks eager.
bool ImportFact::cinderEligible() const {
  return pep810Eligible() && !hasContext(ContextKind::With);
}

} // namespace lazycheck
