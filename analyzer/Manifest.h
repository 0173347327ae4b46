//===- Manifest.h - The exclusion manifest ----------------------*- C++ -*-===//
//
// What a run hands to the lazy-import runtimes: the modules that must stay
// eager, each with the findings that require it. Target-eager modules
// (`eager`) must run their body as soon as they are imported;
// importer-eager modules (`eager_importers`) must run all of their own
// imports at once. Everything else that was analysed is lazy-safe.
//
// The JSON form (schema "lazycheck-manifest/1") is sorted and carries no
// timestamps, so it is byte-identical across runs and thread counts and
// can be committed and checked in CI.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_MANIFEST_H
#define LAZYCHECK_ANALYZER_MANIFEST_H

#include "Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace lazycheck {

class Project;

/// A finding that puts a module into the manifest.
struct ManifestReason {
  std::string Rule; // "LC102"
  std::string Path; // relative to the analysed root or search-path entry
  unsigned Line = 0, Col = 0;
  std::string Message;
  std::vector<Note> Evidence; // the finding's notes, paths relative too
};

struct ManifestEntry {
  std::string Module;
  /// With --importtime: its own and cumulative import time (µs), -1 when
  /// not measured.
  int64_t SelfUs = -1, CumulativeUs = -1;
  std::vector<ManifestReason> Reasons; // at most MaxReasons, sorted
  unsigned MoreReasons = 0;            // how many were left out
};

struct Manifest {
  static constexpr unsigned MaxReasons = 3;

  std::string GeneratedBy;
  std::vector<ManifestEntry> Eager;          // sorted by module
  std::vector<ManifestEntry> EagerImporters; // sorted by module
  std::vector<std::string> LazySafe;         // analysed modules in neither list
  unsigned Modules = 0;                      // analysed modules

  const ManifestEntry *findEager(llvm::StringRef Module) const;
  const ManifestEntry *findEagerImporter(llvm::StringRef Module) const;
  bool isLazySafe(llvm::StringRef Module) const;
};

/// The manifest that Findings require (already filtered by rule selection
/// and suppressions). Relative maps a diagnostic's path to the path the
/// manifest records.
Manifest
buildManifest(const Project &P, llvm::ArrayRef<Diagnostic> Findings,
              llvm::function_ref<std::string(llvm::StringRef)> Relative,
              llvm::StringRef GeneratedBy);

void writeManifestJson(const Manifest &M, llvm::raw_ostream &OS);
std::string manifestJson(const Manifest &M);

/// Reads a manifest written by writeManifestJson; errors name Source.
llvm::Expected<Manifest> parseManifest(llvm::StringRef Text,
                                       llvm::StringRef Source);
llvm::Expected<Manifest> readManifest(llvm::StringRef Path);

/// A readable account of what changed from Old to New, one line per
/// module added to or removed from a list, or whose reasons changed; empty
/// when the two are equal.
std::string manifestDiff(const Manifest &Old, const Manifest &New);

/// Writes Content to Path through a temporary file in the same directory
/// and a rename, so readers never see a half-written file.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Content);

} // namespace lazycheck

#endif
