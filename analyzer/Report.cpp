//===- Report.cpp - Findings for people, CI and IDEs ----------------------===//
#include "Report.h"
#include "GraphEmitter.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA1.h"
#include <array>

namespace lazycheck {

std::string fingerprint(const Diagnostic &D) {
  // Line and column numbers in the message ("(a/b.py:12)", "on line 7")
  // move with unrelated edits; the rest names what the finding is about.
  std::string Msg;
  llvm::StringRef M = D.Message;
  for (size_t I = 0; I < M.size();) {
    bool AfterColon = I > 0 && M[I - 1] == ':';
    bool AfterLine = I >= 5 && M.substr(I - 5, 5) == "line ";
    if ((AfterColon || AfterLine) && llvm::isDigit(M[I])) {
      while (I < M.size() && llvm::isDigit(M[I]))
        ++I;
      Msg += '#';
      continue;
    }
    Msg += M[I++];
  }
  llvm::SHA1 H;
  H.update(ruleInfo(D.Rule).Code);
  H.update(llvm::StringRef("\0", 1));
  H.update(D.Path);
  H.update(llvm::StringRef("\0", 1));
  H.update(D.Module);
  H.update(llvm::StringRef("\0", 1));
  H.update(Msg);
  std::array<uint8_t, 20> Digest = H.final();
  return llvm::toHex(llvm::ArrayRef<uint8_t>(Digest).take_front(16),
                     /*LowerCase=*/true);
}

llvm::Expected<ImportTimes> readImportTimes(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError(Buf.getError(),
                                   "cannot read '" + Path +
                                       "': " + Buf.getError().message());
  ImportTimes T;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  (*Buf)->getBuffer().split(Lines, '\n');
  unsigned Entries = 0;
  for (llvm::StringRef L : Lines) {
    if (!L.consume_front("import time:"))
      continue;
    llvm::SmallVector<llvm::StringRef, 3> Cols;
    L.split(Cols, '|');
    uint64_t Self, Cum;
    if (Cols.size() != 3 || Cols[0].trim().getAsInteger(10, Self) ||
        Cols[1].trim().getAsInteger(10, Cum))
      continue; // the header line
    std::string Name = Cols[2].trim().str();
    auto [It, New] = T.ByModule.try_emplace(Name);
    It->second.Self += Self;
    It->second.Cumulative = std::max(It->second.Cumulative, Cum);
    T.TotalSelf += Self;
    ++Entries;
  }
  if (!Entries)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   Path + ": no 'import time:' lines (write "
                                          "it with python -X importtime)");
  return T;
}

static std::string millis(uint64_t Us) {
  char Buf[32];
  snprintf(Buf, sizeof(Buf), "%.1f ms", Us / 1000.0);
  return Buf;
}

/// "import time of pkg.mod: 1.2 ms own, 4.5 ms with its imports".
static std::string importCost(const ImportTimes &T, llvm::StringRef Module) {
  const ImportTimes::Cost *C = T.find(Module);
  if (!C)
    return "";
  return "import time of " + Module.str() + ": " + millis(C->Self) + " own, " +
         millis(C->Cumulative) + " with its imports";
}

static void summaryLine(llvm::ArrayRef<Shown> Findings, const ReportSummary &S,
                        llvm::raw_ostream &OS) {
  unsigned BySeverity[3] = {0, 0, 0};
  for (const Shown &F : Findings)
    ++BySeverity[static_cast<unsigned>(F.D->severity())];
  OS << "analysed " << S.ProjectModules << " project modules ("
     << S.FilesAnalysed
     << " files with the modules they import): " << BySeverity[0]
     << (BySeverity[0] == 1 ? " error, " : " errors, ") << BySeverity[1]
     << (BySeverity[1] == 1 ? " warning, " : " warnings, ") << BySeverity[2]
     << (BySeverity[2] == 1 ? " info" : " infos");
  if (S.Suppressed)
    OS << " (" << S.Suppressed << " suppressed)";
  OS << '\n';
  if (S.Baselined || !S.Fixed.empty()) {
    OS << "baseline: " << S.Baselined
       << (S.Baselined == 1 ? " finding" : " findings")
       << " already known, not shown; " << S.Fixed.size()
       << (S.Fixed.size() == 1 ? " entry no longer occurs"
                               : " entries no longer occur")
       << (S.Fixed.empty() ? "" : ":") << '\n';
    for (const std::string &F : S.Fixed)
      OS << "  " << F << '\n';
  }
  if (S.Times && S.HaveManifestCost)
    OS << "import time: the manifest keeps " << S.ManifestEager
       << " modules eager; the " << S.ManifestEagerMeasured
       << " of them in the log cost " << millis(S.ManifestEagerSelf)
       << " of the " << millis(S.Times->TotalSelf) << " measured ("
       << llvm::format("%.1f",
                       S.Times->TotalSelf
                           ? 100.0 * S.ManifestEagerSelf / S.Times->TotalSelf
                           : 0.0)
       << "%)\n";
}

void emitTextReport(llvm::ArrayRef<Shown> Findings, const ReportSummary &S,
                    bool StatisticsOnly, llvm::raw_ostream &OS) {
  if (!StatisticsOnly) {
    for (const Shown &F : Findings) {
      emitDiagnosticText(*F.D, F.D->Path, OS);
      emitNotesText(*F.D, OS);
      if (S.Times && !F.D->Module.empty()) {
        std::string Cost = importCost(*S.Times, F.D->Module);
        if (!Cost.empty())
          OS << "  note: " << Cost << '\n';
      }
    }
    if (!Findings.empty())
      OS << '\n';
  }
  std::map<RuleId, unsigned> PerRule;
  for (const Shown &F : Findings)
    ++PerRule[F.D->Rule];
  for (auto [Rule, Count] : PerRule) {
    const RuleInfo &R = ruleInfo(Rule);
    OS << llvm::format_decimal(Count, 6) << "  " << R.Code << "  "
       << llvm::left_justify(R.Name, 24) << ' '
       << severityName(R.DefaultSeverity) << '\n';
  }
  summaryLine(Findings, S, OS);
}

void emitJsonReport(llvm::ArrayRef<Shown> Findings, const ReportSummary &S,
                    llvm::StringRef Version, llvm::raw_ostream &OS) {
  unsigned BySeverity[3] = {0, 0, 0};
  std::map<RuleId, unsigned> PerRule;
  for (const Shown &F : Findings) {
    ++BySeverity[static_cast<unsigned>(F.D->severity())];
    ++PerRule[F.D->Rule];
  }
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("version", Version);
    J.attributeArray("diagnostics", [&] {
      for (const Shown &F : Findings)
        writeDiagnosticJson(J, *F.D);
    });
    if (S.Times) {
      // Per finding, in the same order: what its module costs at start-up.
      J.attributeArray("import_time_us", [&] {
        for (const Shown &F : Findings) {
          const ImportTimes::Cost *C = S.Times->find(F.D->Module);
          if (!C) {
            J.value(nullptr);
            continue;
          }
          J.object([&] {
            J.attribute("module", F.D->Module);
            J.attribute("self", static_cast<int64_t>(C->Self));
            J.attribute("cumulative", static_cast<int64_t>(C->Cumulative));
          });
        }
      });
    }
    J.attributeObject("summary", [&] {
      J.attribute("project_modules", S.ProjectModules);
      J.attribute("files_analysed", S.FilesAnalysed);
      J.attribute("errors", BySeverity[0]);
      J.attribute("warnings", BySeverity[1]);
      J.attribute("infos", BySeverity[2]);
      J.attribute("suppressed", S.Suppressed);
      if (S.Baselined || !S.Fixed.empty()) {
        J.attribute("baselined", S.Baselined);
        J.attributeArray("baseline_fixed", [&] {
          for (const std::string &F : S.Fixed)
            J.value(F);
        });
      }
      J.attributeObject("by_rule", [&] {
        for (auto [Rule, Count] : PerRule)
          J.attribute(ruleInfo(Rule).Code, Count);
      });
    });
  });
  OS << '\n';
}

/// Workflow command data and properties escape %, CR, LF (and, in
/// properties, ':' and ',').
static std::string githubEscape(llvm::StringRef S, bool Property) {
  std::string Out;
  for (char C : S) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else if (Property && C == ':')
      Out += "%3A";
    else if (Property && C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

void emitGithubReport(llvm::ArrayRef<Shown> Findings, llvm::raw_ostream &OS) {
  for (const Shown &F : Findings) {
    const Diagnostic &D = *F.D;
    const RuleInfo &R = ruleInfo(D.Rule);
    llvm::StringRef Command = D.severity() == Severity::Error     ? "error"
                              : D.severity() == Severity::Warning ? "warning"
                                                                  : "notice";
    OS << "::" << Command << " file=" << githubEscape(F.RelativePath, true);
    if (D.Line)
      OS << ",line=" << D.Line;
    if (D.Col)
      OS << ",col=" << D.Col;
    OS << ",title=" << githubEscape((R.Code + " " + R.Name).str(), true)
       << "::" << githubEscape(D.Message + " [" + R.Code.str() + "]", false)
       << '\n';
  }
}

static llvm::StringRef sarifLevel(Severity S) {
  switch (S) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Info:
    return "note";
  }
  return "none";
}

/// The first paragraph after "What it does" in a rule's documentation.
static std::string whatItDoes(llvm::StringRef Doc) {
  size_t At = Doc.find("What it does");
  if (At == llvm::StringRef::npos)
    return "";
  llvm::StringRef Rest = Doc.drop_front(At + 12).ltrim("\n");
  llvm::StringRef Para = Rest.take_front(Rest.find("\n\n"));
  llvm::SmallVector<llvm::StringRef, 8> Lines;
  Para.split(Lines, '\n');
  std::string Out;
  for (llvm::StringRef L : Lines) {
    if (!Out.empty())
      Out += ' ';
    Out += L.trim().str();
  }
  return Out;
}

static std::string percentEncoded(unsigned char C) {
  const char *Hex = "0123456789ABCDEF";
  return {'%', Hex[C >> 4], Hex[C & 15]};
}

/// A file URI for an absolute directory, with a trailing slash; characters
/// outside the unreserved set and '/' are percent-encoded.
static std::string fileUri(llvm::StringRef Dir) {
  std::string Out = "file://";
  for (unsigned char C : Dir) {
    if (llvm::isAlnum(C) || C == '/' || C == '-' || C == '.' || C == '_' ||
        C == '~')
      Out += static_cast<char>(C);
    else
      Out += percentEncoded(C);
  }
  if (Out.back() != '/')
    Out += '/';
  return Out;
}

/// A relative URI reference for a '/'-separated path.
static std::string relativeUri(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || C == '/' || C == '-' || C == '.' || C == '_' ||
        C == '~')
      Out += static_cast<char>(C);
    else
      Out += percentEncoded(C);
  }
  return Out;
}

static std::string utf8(llvm::StringRef S) {
  return llvm::json::isUTF8(S) ? S.str() : llvm::json::fixUTF8(S);
}

static void sarifLocation(llvm::json::OStream &J, llvm::StringRef RelPath,
                          unsigned Line, unsigned Col) {
  J.attributeObject("physicalLocation", [&] {
    J.attributeObject("artifactLocation", [&] {
      J.attribute("uri", relativeUri(RelPath));
      J.attribute("uriBaseId", "%SRCROOT%");
    });
    if (Line)
      J.attributeObject("region", [&] {
        J.attribute("startLine", Line);
        if (Col)
          J.attribute("startColumn", Col);
      });
  });
}

void emitSarifReport(llvm::ArrayRef<Shown> Findings, llvm::StringRef SourceRoot,
                     llvm::function_ref<std::string(llvm::StringRef)> Relative,
                     llvm::StringRef Version, llvm::raw_ostream &OS) {
  llvm::ArrayRef<RuleInfo> Rules = allRules();
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    J.attribute("version", "2.1.0");
    J.attributeArray("runs", [&] {
      J.object([&] {
        J.attributeObject("tool", [&] {
          J.attributeObject("driver", [&] {
            J.attribute("name", "lazycheck");
            J.attribute("version", Version);
            J.attribute("semanticVersion", Version);
            J.attribute("informationUri", LAZYCHECK_INFORMATION_URI);
            J.attributeArray("rules", [&] {
              for (const RuleInfo &R : Rules)
                J.object([&] {
                  J.attribute("id", R.Code);
                  J.attribute("name", R.Name);
                  J.attributeObject("shortDescription",
                                    [&] { J.attribute("text", R.Summary); });
                  J.attributeObject("fullDescription", [&] {
                    std::string Full = whatItDoes(R.Doc);
                    J.attribute("text", Full.empty() ? R.Summary.str() : Full);
                  });
                  J.attributeObject(
                      "help", [&] { J.attribute("text", R.Doc.trim().str()); });
                  J.attributeObject("defaultConfiguration", [&] {
                    J.attribute("level", sarifLevel(R.DefaultSeverity));
                  });
                });
            });
          });
        });
        J.attributeArray("invocations", [&] {
          J.object([&] { J.attribute("executionSuccessful", true); });
        });
        J.attributeObject("originalUriBaseIds", [&] {
          J.attributeObject("%SRCROOT%", [&] {
            J.attribute("uri", utf8(fileUri(SourceRoot)));
          });
        });
        J.attribute("columnKind", "unicodeCodePoints");
        J.attributeArray("results", [&] {
          for (const Shown &F : Findings) {
            const Diagnostic &D = *F.D;
            const RuleInfo &R = ruleInfo(D.Rule);
            J.object([&] {
              J.attribute("ruleId", R.Code);
              J.attribute("ruleIndex", static_cast<int64_t>(&R - Rules.data()));
              J.attribute("level", sarifLevel(D.severity()));
              J.attributeObject("message",
                                [&] { J.attribute("text", utf8(D.Message)); });
              J.attributeArray("locations", [&] {
                J.object([&] {
                  sarifLocation(J, utf8(F.RelativePath), D.Line, D.Col);
                });
              });
              if (!D.Notes.empty())
                J.attributeArray("relatedLocations", [&] {
                  for (size_t I = 0; I < D.Notes.size(); ++I)
                    J.object([&] {
                      const Note &N = D.Notes[I];
                      J.attribute("id", static_cast<int64_t>(I + 1));
                      sarifLocation(J, utf8(Relative(N.Path)), N.Line, N.Col);
                      J.attributeObject("message", [&] {
                        J.attribute("text", utf8(N.Message));
                      });
                    });
                });
              // A cycle: one thread flow, each import of it a step.
              if ((D.Rule == RuleId::LC303 || D.Rule == RuleId::LC304) &&
                  !D.Notes.empty())
                J.attributeArray("codeFlows", [&] {
                  J.object([&] {
                    J.attributeArray("threadFlows", [&] {
                      J.object([&] {
                        J.attributeArray("locations", [&] {
                          for (const Note &N : D.Notes)
                            J.object([&] {
                              J.attributeObject("location", [&] {
                                sarifLocation(J, utf8(Relative(N.Path)), N.Line,
                                              N.Col);
                                J.attributeObject("message", [&] {
                                  J.attribute("text", utf8(N.Message));
                                });
                              });
                            });
                        });
                      });
                    });
                  });
                });
              J.attributeObject("partialFingerprints", [&] {
                J.attribute("lazycheckFingerprint/v1", fingerprint(D));
              });
            });
          }
        });
      });
    });
  });
  OS << '\n';
}

constexpr llvm::StringLiteral BaselineSchema = "lazycheck-baseline/1";

void writeBaseline(llvm::ArrayRef<Shown> Findings, llvm::raw_ostream &OS) {
  std::vector<BaselineEntry> Entries;
  for (const Shown &F : Findings)
    Entries.push_back({fingerprint(*F.D), ruleInfo(F.D->Rule).Code.str(),
                       F.RelativePath, F.D->Message});
  llvm::sort(Entries, [](const BaselineEntry &A, const BaselineEntry &B) {
    return std::tie(A.Path, A.Rule, A.Fingerprint, A.Message) <
           std::tie(B.Path, B.Rule, B.Fingerprint, B.Message);
  });
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("schema", BaselineSchema);
    J.attributeArray("findings", [&] {
      for (const BaselineEntry &E : Entries)
        J.object([&] {
          J.attribute("fingerprint", E.Fingerprint);
          J.attribute("rule", E.Rule);
          J.attribute("path", utf8(E.Path));
          J.attribute("message", utf8(E.Message));
        });
    });
  });
  OS << '\n';
}

llvm::Expected<std::vector<BaselineEntry>> readBaseline(llvm::StringRef Path) {
  auto Fail = [&](const llvm::Twine &Msg) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   Path + ": " + Msg);
  };
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return Fail("cannot read: " + Buf.getError().message());
  auto V = llvm::json::parse((*Buf)->getBuffer());
  if (!V)
    return Fail("not valid JSON: " + llvm::toString(V.takeError()));
  const llvm::json::Object *O = V->getAsObject();
  auto Schema = O ? O->getString("schema") : llvm::None;
  const llvm::json::Array *Findings = O ? O->getArray("findings") : nullptr;
  if (!Schema || *Schema != BaselineSchema || !Findings)
    return Fail("not a lazycheck baseline (schema \"" + BaselineSchema + "\")");
  std::vector<BaselineEntry> Out;
  for (const llvm::json::Value &E : *Findings) {
    const llvm::json::Object *F = E.getAsObject();
    auto FP = F ? F->getString("fingerprint") : llvm::None;
    if (!FP)
      return Fail("every finding needs a fingerprint");
    BaselineEntry B;
    B.Fingerprint = FP->str();
    if (auto S = F->getString("rule"))
      B.Rule = S->str();
    if (auto S = F->getString("path"))
      B.Path = S->str();
    if (auto S = F->getString("message"))
      B.Message = S->str();
    Out.push_back(std::move(B));
  }
  return Out;
}

} // namespace lazycheck
