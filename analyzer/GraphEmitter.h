//===- GraphEmitter.h - graph JSON / DOT, facts JSON, diagnostics -*- C++ -*-=//
#ifndef LAZYCHECK_ANALYZER_GRAPHEMITTER_H
#define LAZYCHECK_ANALYZER_GRAPHEMITTER_H

#include "Diagnostic.h"
#include "Facts.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace lazycheck {

class Project;

/// `lazycheck graph --format json`: modules, imports, import-time edges,
/// cycles and diagnostics, all sorted.
void emitGraphJson(const Project &P, llvm::raw_ostream &OS);
/// `lazycheck graph --format dot`: import-time edges, cycles in red.
void emitGraphDot(const Project &P, llvm::raw_ostream &OS);
/// `lazycheck facts FILE`.
void emitFactsJson(llvm::StringRef Path, const ModuleFacts &F,
                   llvm::raw_ostream &OS);

void writeDiagnosticJson(llvm::json::OStream &J, const Diagnostic &D);
/// Compiler-style text with a code frame (the line and a caret) when the
/// source line can be read.
void emitDiagnosticText(const Diagnostic &D, llvm::StringRef FilePath,
                        llvm::raw_ostream &OS);
/// The evidence, one "  path:line:col: note: message" line per step.
void emitNotesText(const Diagnostic &D, llvm::raw_ostream &OS);

} // namespace lazycheck

#endif
