//===- GraphEmitter.cpp - graph JSON / DOT, facts JSON, diagnostics -------===//
#include "GraphEmitter.h"
#include "Project.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include <set>

namespace lazycheck {

/// Writes Key: "Value" without building a json::Value (which copies and
/// re-validates the string): our strings are valid UTF-8 already. The graph
/// of a large corpus has millions of them.
static void attributeString(llvm::json::OStream &J, llvm::StringRef Key,
                            llvm::StringRef Value) {
  // Paths can hold bytes that are not UTF-8 (file names); JSON cannot.
  bool Ascii = llvm::all_of(
      Value, [](char C) { return static_cast<unsigned char>(C) < 0x80; });
  std::string Fixed;
  if (!Ascii && !llvm::json::isUTF8(Value)) {
    Fixed = llvm::json::fixUTF8(Value);
    Value = Fixed;
  }
  J.attributeBegin(Key);
  llvm::raw_ostream &OS = J.rawValueBegin();
  OS << '"';
  size_t Plain = 0;
  for (size_t I = 0; I < Value.size(); ++I) {
    unsigned char C = static_cast<unsigned char>(Value[I]);
    if (C >= 0x20 && C != '"' && C != '\\')
      continue;
    OS << Value.slice(Plain, I);
    Plain = I + 1;
    switch (C) {
    case '"':
      OS << "\\\"";
      break;
    case '\\':
      OS << "\\\\";
      break;
    case '\n':
      OS << "\\n";
      break;
    case '\t':
      OS << "\\t";
      break;
    case '\r':
      OS << "\\r";
      break;
    default:
      OS << llvm::format("\\u%04x", C);
    }
  }
  OS << Value.substr(Plain) << '"';
  J.rawValueEnd();
  J.attributeEnd();
}

void writeDiagnosticJson(llvm::json::OStream &J, const Diagnostic &D) {
  const RuleInfo &R = ruleInfo(D.Rule);
  J.object([&] {
    attributeString(J, "rule", R.Code);
    attributeString(J, "name", R.Name);
    attributeString(J, "severity", severityName(D.severity()));
    attributeString(J, "path", D.Path);
    J.attribute("line", D.Line);
    J.attribute("col", D.Col);
    attributeString(J, "message", D.Message);
    if (!D.Module.empty())
      attributeString(J, "module", D.Module);
    if (!D.Notes.empty())
      J.attributeArray("notes", [&] {
        for (const Note &N : D.Notes)
          J.object([&] {
            attributeString(J, "path", N.Path);
            J.attribute("line", N.Line);
            J.attribute("col", N.Col);
            attributeString(J, "message", N.Message);
          });
      });
  });
}

static void writeImportCommon(llvm::json::OStream &J, const ImportFact &F) {
  J.attribute("line", F.Line);
  J.attribute("col", F.Col);
  J.attribute("kind", importKindName(F.Kind));
  J.attribute("scope", scopeName(F.Scope));
  J.attributeArray("contexts", [&] {
    for (ContextKind C : F.Contexts)
      J.value(contextName(C));
  });
  J.attribute("runs_at_import_time", F.runsAtImportTime());
  J.attribute("pep810_eligible", F.pep810Eligible());
  J.attribute("cinder_eligible", F.cinderEligible());
  J.attribute("explicit_lazy", F.ExplicitLazy);
}

static void writeName(llvm::json::OStream &J, const ImportedName &N) {
  J.object([&] {
    attributeString(J, "name", N.Bound);
    attributeString(J, "imported", N.Imported);
    J.attribute("read", N.Read);
    J.attribute("read_at_import_time", N.ReadAtImportTime);
  });
}

void emitGraphJson(const Project &P, llvm::raw_ostream &OS) {
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attributeArray("modules", [&] {
      for (uint32_t I : P.sortedModules()) {
        const Module &M = P.Modules[I];
        J.object([&] {
          attributeString(J, "name", M.Name);
          J.attribute("kind", moduleKindName(M.Kind));
          if (M.DisplayPath.empty())
            J.attribute("path", nullptr);
          else
            attributeString(J, "path", M.DisplayPath);
          J.attribute("package", M.IsPackage);
          J.attribute("analysed", M.Parsed);
        });
      }
    });
    J.attributeArray("imports", [&] {
      for (uint32_t II : P.sortedImports()) {
        const ResolvedImport &I = P.Imports[II];
        const ImportFact &F = P.fact(I);
        J.object([&] {
          attributeString(J, "importer", P.Modules[I.Importer].Name);
          attributeString(J, "target", P.Modules[I.Target].Name);
          J.attribute("module", std::string(F.Level, '.') + F.Module);
          writeImportCommon(J, F);
          J.attributeArray("names", [&] {
            if (F.Kind == ImportKind::Import || F.Kind == ImportKind::Dynamic)
              for (const ImportedName &N : F.Names)
                writeName(J, N);
            for (uint16_t NI : I.Names)
              writeName(J, F.Names[NI]);
          });
        });
      }
    });
    J.attributeArray("edges", [&] {
      const DependencyEdge *Prev = nullptr;
      std::vector<std::tuple<std::string, std::string, bool>> Rows;
      for (const DependencyEdge &E : P.Edges) {
        if (!E.ImportTime)
          continue;
        if (Prev && Prev->From == E.From && Prev->To == E.To)
          continue; // sorted: explicit before implicit for the same pair
        Prev = &E;
        Rows.emplace_back(P.Modules[E.From].Name, P.Modules[E.To].Name,
                          E.Implicit);
      }
      llvm::sort(Rows);
      for (auto &[From, To, Implicit] : Rows)
        J.object([&] {
          attributeString(J, "from", From);
          attributeString(J, "to", To);
          J.attribute("implicit", Implicit);
        });
    });
    J.attributeArray("cycles", [&] {
      for (const auto &C : P.Cycles)
        J.array([&] {
          for (uint32_t M : C)
            J.value(P.Modules[M].Name);
        });
    });
    J.attributeArray("diagnostics", [&] {
      for (const Diagnostic &D : P.Diags)
        writeDiagnosticJson(J, D);
    });
  });
  OS << '\n';
}

static std::string dotQuote(llvm::StringRef S) {
  std::string Out = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      Out += '\\';
    Out += C;
  }
  return Out + "\"";
}

void emitGraphDot(const Project &P, llvm::raw_ostream &OS) {
  llvm::DenseSet<uint32_t> InCycle;
  std::vector<uint32_t> CycleOf(P.Modules.size(), ~0u);
  for (uint32_t C = 0; C < P.Cycles.size(); ++C)
    for (uint32_t M : P.Cycles[C])
      CycleOf[M] = C;
  std::set<std::pair<std::string, std::string>> Red, Plain;
  llvm::DenseSet<uint32_t> Drawn;
  for (const DependencyEdge &E : P.Edges) {
    if (!E.ImportTime)
      continue;
    Drawn.insert(E.From);
    Drawn.insert(E.To);
    bool Cyclic = CycleOf[E.From] != ~0u && CycleOf[E.From] == CycleOf[E.To];
    (Cyclic ? Red : Plain)
        .insert({P.Modules[E.From].Name, P.Modules[E.To].Name});
  }
  OS << "digraph imports {\n  rankdir=LR;\n  node [shape=box, "
        "fontname=\"monospace\"];\n";
  for (uint32_t I : P.sortedModules()) {
    const Module &M = P.Modules[I];
    if (!Drawn.contains(I) && !M.isProject())
      continue;
    OS << "  " << dotQuote(M.Name) << " [";
    if (CycleOf[I] != ~0u)
      OS << "color=red, ";
    if (!M.isProject())
      OS << "style=dashed, ";
    OS << "tooltip=" << dotQuote(moduleKindName(M.Kind)) << "];\n";
  }
  for (auto &[From, To] : Plain)
    OS << "  " << dotQuote(From) << " -> " << dotQuote(To) << ";\n";
  for (auto &[From, To] : Red)
    OS << "  " << dotQuote(From) << " -> " << dotQuote(To)
       << " [color=red, penwidth=2];\n";
  OS << "}\n";
}

void emitFactsJson(llvm::StringRef Path, const ModuleFacts &F,
                   llvm::raw_ostream &OS) {
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    attributeString(J, "path", Path);
    J.attribute("lines", F.Lines);
    J.attribute("bytes", static_cast<int64_t>(F.Bytes));
    J.attribute("error_nodes", F.ErrorNodes);
    J.attribute("missing_nodes", F.MissingNodes);
    J.attributeArray("lazy_modules", [&] {
      for (const std::string &M : F.LazyModules)
        J.value(M);
    });
    J.attributeArray("write_only_globals", [&] {
      for (const std::string &N : F.WriteOnlyGlobals)
        J.value(N);
    });
    J.attributeArray("imports", [&] {
      for (const ImportFact &I : F.Imports)
        J.object([&] {
          J.attribute("module", std::string(I.Level, '.') + I.Module);
          writeImportCommon(J, I);
          J.attribute("future", I.Future);
          J.attributeArray("names", [&] {
            for (const ImportedName &N : I.Names)
              writeName(J, N);
          });
        });
    });
    J.attributeArray("functions", [&] {
      for (const FunctionFact &Fn : F.Functions)
        J.object([&] {
          attributeString(J, "qualified", Fn.Qualified);
          J.attribute("line", Fn.Line);
          J.attribute("col", Fn.Col);
          J.attribute("parent", Fn.Parent);
          J.attribute("class", Fn.Class);
          J.attribute("import_time", Fn.ImportTime);
          attributeString(J, "first_param", Fn.FirstParam);
          J.attributeArray("decorators", [&] {
            for (const std::string &D : Fn.Decorators)
              J.value(D);
          });
          J.attributeArray("global_writes", [&] {
            for (const std::string &G : Fn.GlobalWrites)
              J.value(G);
          });
        });
    });
    J.attributeArray("classes", [&] {
      for (const ClassFact &C : F.Classes)
        J.object([&] {
          attributeString(J, "qualified", C.Qualified);
          J.attribute("line", C.Line);
          J.attribute("col", C.Col);
          J.attribute("function", C.Function);
          J.attribute("import_time", C.ImportTime);
          J.attributeArray("bases", [&] {
            for (const std::string &B : C.Bases)
              J.value(B);
          });
          attributeString(J, "metaclass", C.Metaclass);
          J.attributeArray("decorators", [&] {
            for (const std::string &D : C.Decorators)
              J.value(D);
          });
        });
    });
    J.attributeArray("assigns", [&] {
      for (const AssignFact &A : F.Assigns)
        J.object([&] {
          attributeString(J, "name", A.Name);
          attributeString(J, "value", A.Value);
          J.attribute("call", A.Call);
          J.attribute("line", A.Line);
        });
    });
    J.attributeArray("references", [&] {
      for (const Reference &R : F.References)
        J.object([&] {
          attributeString(J, "chain", R.Chain);
          J.attribute("line", R.Line);
          J.attribute("col", R.Col);
          J.attribute("kind", refKindName(R.Kind));
          J.attribute("root", rootKindName(R.Root));
          J.attribute("function", R.Function);
          J.attribute("import_time", R.ImportTime);
          if (R.Decorator)
            J.attribute("decorator", R.DecoratorFactory ? "factory" : "plain");
          if (R.Item)
            J.attribute("item", true);
          if (R.Iterated)
            J.attribute("iterated", true);
          if (R.Kind == RefKind::Call)
            J.attribute("args", R.Args);
          if (!R.ArgText.empty())
            attributeString(J, "arg_text", R.ArgText);
        });
    });
    J.attributeArray("diagnostics", [&] {
      for (const Diagnostic &D : F.Diags)
        writeDiagnosticJson(J, D);
    });
  });
  OS << '\n';
}

void emitDiagnosticText(const Diagnostic &D, llvm::StringRef FilePath,
                        llvm::raw_ostream &OS) {
  OS << formatDiagnostic(D) << '\n';
  if (D.Line == 0 || FilePath.empty())
    return;
  auto Buf = llvm::MemoryBuffer::getFile(FilePath, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return;
  llvm::StringRef Text = (*Buf)->getBuffer();
  for (unsigned L = 1; L < D.Line && !Text.empty(); ++L)
    Text = Text.split('\n').second;
  llvm::StringRef Line = Text.split('\n').first.rtrim("\r");
  if (Line.size() > 200 || !llvm::json::isUTF8(Line) || Line.contains('\0'))
    return; // no frame for huge, undecodable or binary lines
  std::string Gutter = std::to_string(D.Line);
  OS << "  " << Gutter << " | " << Line << '\n';
  OS << "  " << std::string(Gutter.size(), ' ') << " | ";
  unsigned Col = 1;
  for (size_t I = 0; I < Line.size() && Col < D.Col; ++I) {
    unsigned char C = static_cast<unsigned char>(Line[I]);
    if ((C & 0xC0) == 0x80)
      continue;
    OS << (C == '\t' ? '\t' : ' ');
    ++Col;
  }
  OS << "^\n";
}

void emitNotesText(const Diagnostic &D, llvm::raw_ostream &OS) {
  for (const Note &N : D.Notes) {
    OS << "  " << N.Path;
    if (N.Line)
      OS << ':' << N.Line << ':' << N.Col;
    OS << ": note: " << N.Message << '\n';
  }
}

} // namespace lazycheck
