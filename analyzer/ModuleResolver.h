//===- ModuleResolver.h - Dotted names to files, as Python does -*- C++ -*-===//
#ifndef LAZYCHECK_ANALYZER_MODULERESOLVER_H
#define LAZYCHECK_ANALYZER_MODULERESOLVER_H

#include "PythonEnv.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lazycheck {

enum class ModuleKind : uint8_t {
  Project,
  Stdlib,
  ThirdParty,
  Missing,
  Compiled,
  Stub
};
llvm::StringRef moduleKindName(ModuleKind K);

/// Where a dotted name leads.
struct Resolution {
  ModuleKind Kind = ModuleKind::Missing;
  ModuleKind Origin = ModuleKind::Missing; // Project, Stdlib or ThirdParty
  std::string Path;    // the file ("" for builtins, namespaces, missing)
  std::string RootDir; // the search-path entry it was found under
  bool IsPackage = false;
  bool Namespace = false;
  std::vector<std::string> SubmoduleDirs; // the package's __path__

  bool found() const { return Kind != ModuleKind::Missing; }
  bool hasSource() const {
    return !Path.empty() && Kind != ModuleKind::Compiled &&
           Kind != ModuleKind::Stub;
  }
};

/// Package roots for the given inputs: explicit --root directories, else for
/// each PATH the first ancestor-or-self directory that is not a regular
/// package, plus its `src/` directory (src layout) when there is one.
std::vector<std::string> findProjectRoots(llvm::ArrayRef<std::string> Paths,
                                          llvm::ArrayRef<std::string> Roots);

/// The directory a file's module name is relative to when no --root says
/// otherwise: its nearest ancestor that is neither a regular package (has an
/// __init__.py) nor a namespace portion inside one. That covers packages, src
/// layouts and directories of loose scripts alike (as ruff and mypy name
/// such files).
std::string packageRootOf(llvm::StringRef AbsFile);

/// The module name of File under the deepest root containing it, or "" when
/// no root contains it; Root receives that root.
std::string moduleNameFor(llvm::StringRef AbsFile,
                          llvm::ArrayRef<std::string> Roots,
                          std::string *Root = nullptr);

/// Resolves absolute dotted names the way CPython's PathFinder does:
/// builtins first, then each directory in order (a package directory with
/// __init__, then a module file, extension suffixes before .py; a directory
/// without __init__ is a namespace portion used only when nothing regular
/// is found). Stub-only (.pyi) modules are recognised as such. Without an
/// interpreter its extension suffixes are unknown: `NAME.so` and
/// `NAME.TAG.so` for any TAG without dots count as extension modules.
/// Not thread-safe: it caches directory listings and results.
class ModuleResolver {
public:
  ModuleResolver(std::vector<std::string> ProjectRoots, const PythonEnv *Env);

  /// ScriptDir, when not empty, is searched after the project roots and
  /// before the interpreter's path (the directory of a loose script).
  const Resolution &resolve(llvm::StringRef Dotted,
                            llvm::StringRef ScriptDir = "");

private:
  struct SearchDir {
    std::string Dir;
    ModuleKind Kind; // Project, Stdlib or ThirdParty
  };
  struct Listing {
    llvm::StringSet<> Files, Dirs;
    /// AnyTag: stem -> the file `stem.TAG.so` that holds it.
    llvm::StringMap<std::string> Tagged;
  };

  std::vector<std::string> ProjectRoots;
  std::vector<SearchDir> TopLevel;
  llvm::StringSet<> Builtins;
  std::vector<std::string> Suffixes; // extension suffixes, then ".py"
  size_t NumExtSuffixes = 0;
  /// No interpreter: `NAME.TAG.so` is an extension module for any TAG.
  bool AnyTag = false;
  llvm::StringMap<std::unique_ptr<Listing>> Listings;
  llvm::StringMap<std::unique_ptr<Resolution>> Cache;

  const Listing &list(llvm::StringRef Dir);
  /// The file in Ls that holds module Stem (extensions first), and whether
  /// it is an extension.
  std::optional<std::pair<std::string, bool>>
  moduleFile(const Listing &Ls, llvm::StringRef Stem) const;
  Resolution find(llvm::StringRef Name, llvm::ArrayRef<SearchDir> Dirs);
};

} // namespace lazycheck

#endif
