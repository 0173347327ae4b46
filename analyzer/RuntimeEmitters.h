//===- RuntimeEmitters.h - The manifest in each runtime's terms -*- C++ -*-===//
//
// `lazycheck emit TARGET MANIFEST`: one manifest, every consumer.
//   pep810     a Python module installing sys.set_lazy_imports_filter
//              (CPython 3.15+), a no-op that says so on older Pythons
//   cinder     importlib.set_lazy_imports(True, excluding=..., eager=...)
//   ruff       [tool.ruff.lint.flake8-tidy-imports] require-lazy
//   lifeguard  {"LAZY_ELIGIBLE": ..., "LOAD_IMPORTS_EAGERLY": ...}
// Each output names its source manifest and says how to install it.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_RUNTIMEEMITTERS_H
#define LAZYCHECK_ANALYZER_RUNTIMEEMITTERS_H

#include "Manifest.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace lazycheck {

/// The targets `emit` knows, in the order `--help` lists them.
llvm::ArrayRef<llvm::StringRef> runtimeTargets();

/// Writes M for Target; false when Target is unknown. Source is the
/// manifest's path as given, Version lazycheck's.
bool emitRuntime(llvm::StringRef Target, const Manifest &M,
                 llvm::StringRef Source, llvm::StringRef Version,
                 llvm::raw_ostream &OS);

} // namespace lazycheck

#endif
