//===- Discovery.cpp - Finding the Python files to analyse ----------------===//
#include "Discovery.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include <algorithm>

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace lazycheck {

static bool isSkippedDirName(llvm::StringRef Name) {
  static const char *const Skipped[] = {
      ".git",         ".hg",           ".svn",  "__pycache__",
      "node_modules", ".tox",          ".nox",  ".mypy_cache",
      ".ruff_cache",  ".pytest_cache", ".eggs", ".direnv"};
  return llvm::is_contained(Skipped, Name);
}

namespace {
struct Walk {
  llvm::ArrayRef<llvm::GlobPattern> Excludes;
  DiagnosticList &Diags;
  std::vector<SourceFile> Files;
  llvm::DenseSet<std::pair<uint64_t, uint64_t>> Visited;

  std::string display(llvm::StringRef P) const {
    // `lazycheck check .` shows pkg/mod.py, not ./pkg/mod.py.
    while (P.size() > 2 && P.startswith("./"))
      P = P.drop_front(2).ltrim('/');
    return llvm::json::isUTF8(P) ? P.str() : llvm::json::fixUTF8(P);
  }
  void diag(RuleId R, llvm::StringRef P, std::string Msg) {
    Diags.push_back({R, display(P), 0, 0, std::move(Msg)});
  }
  bool excluded(llvm::StringRef Rel, llvm::StringRef Base) const {
    for (const llvm::GlobPattern &G : Excludes)
      if (G.match(Rel) || G.match(Base))
        return true;
    return false;
  }
  void addFile(llvm::StringRef P) {
    llvm::SmallString<256> Abs(P);
    fs::make_absolute(Abs);
    path::remove_dots(Abs, /*remove_dot_dot=*/true);
    if (!llvm::json::isUTF8(P))
      diag(RuleId::LC002, P,
           "file name is not valid UTF-8; it is shown with U+FFFD "
           "replacements");
    Files.push_back({std::string(Abs.str()), display(P)});
  }
  void walkDir(const std::string &Root);
};
} // namespace

void Walk::walkDir(const std::string &Root) {
  // Explicit stack of (directory, ancestors' unique ids) so that deep trees
  // cannot exhaust the call stack and loops are recognised as such.
  struct Item {
    std::string Dir;
    std::vector<std::pair<uint64_t, uint64_t>> Ancestors;
  };
  std::vector<Item> Stack;
  Stack.push_back({Root, {}});
  while (!Stack.empty()) {
    Item It = std::move(Stack.back());
    Stack.pop_back();
    fs::file_status St;
    if (std::error_code EC = fs::status(It.Dir, St)) {
      diag(RuleId::LC003, It.Dir, "cannot read directory: " + EC.message());
      continue;
    }
    fs::UniqueID UID = St.getUniqueID();
    std::pair<uint64_t, uint64_t> Key{UID.getDevice(), UID.getFile()};
    if (llvm::is_contained(It.Ancestors, Key)) {
      diag(RuleId::LC004, It.Dir,
           "symbolic link loop: this directory is one of its own ancestors; "
           "not walked again");
      continue;
    }
    if (!Visited.insert(Key).second)
      continue; // reached twice through links, but not a loop
    if (It.Dir != Root && fs::exists(It.Dir + "/pyvenv.cfg"))
      continue; // a virtualenv
    It.Ancestors.push_back(Key);

    std::error_code EC;
    std::vector<std::pair<std::string, fs::file_type>> Entries;
    for (fs::directory_iterator I(It.Dir, EC, /*follow_symlinks=*/false), E;
         I != E && !EC; I.increment(EC))
      Entries.push_back({I->path(), I->type()});
    if (EC) {
      diag(RuleId::LC003, It.Dir, "cannot read directory: " + EC.message());
      continue;
    }
    llvm::sort(Entries);
    // Push subdirectories in reverse so they are walked in name order.
    std::vector<std::string> SubDirs;
    for (auto &[P, Type] : Entries) {
      llvm::StringRef Base = path::filename(P);
      llvm::StringRef Rel =
          llvm::StringRef(P).drop_front(std::min(P.size(), Root.size() + 1));
      if (Type == fs::file_type::symlink_file ||
          Type == fs::file_type::type_unknown) {
        fs::file_status Target;
        if (std::error_code SEC = fs::status(P, Target)) {
          if (llvm::StringRef(P).endswith(".py") && !excluded(Rel, Base))
            diag(RuleId::LC003, P, "cannot read file: " + SEC.message());
          continue;
        }
        Type = Target.type();
      }
      if (Type == fs::file_type::directory_file) {
        if (!isSkippedDirName(Base) && !excluded(Rel, Base))
          SubDirs.push_back(P);
        continue;
      }
      if (Type == fs::file_type::regular_file && Base.endswith(".py") &&
          !excluded(Rel, Base))
        addFile(P);
    }
    for (auto I = SubDirs.rbegin(); I != SubDirs.rend(); ++I)
      Stack.push_back({*I, It.Ancestors});
  }
}

std::vector<SourceFile> discoverFiles(llvm::ArrayRef<std::string> Paths,
                                      llvm::ArrayRef<std::string> Excludes,
                                      DiagnosticList &Diags) {
  std::vector<llvm::GlobPattern> Globs;
  for (const std::string &G : Excludes) {
    auto P = llvm::GlobPattern::create(G);
    if (P)
      Globs.push_back(std::move(*P));
    else
      llvm::consumeError(P.takeError());
  }
  Walk W{Globs, Diags, {}, {}};
  for (const std::string &P : Paths) {
    fs::file_status St;
    if (std::error_code EC = fs::status(P, St)) {
      W.diag(RuleId::LC003, P, "cannot read path: " + EC.message());
      continue;
    }
    if (St.type() == fs::file_type::directory_file) {
      std::string Dir = P;
      while (Dir.size() > 1 && Dir.back() == '/')
        Dir.pop_back();
      W.walkDir(Dir);
    } else if (St.type() == fs::file_type::regular_file) {
      W.addFile(P);
    } else {
      W.diag(RuleId::LC003, P, "not a regular file or directory; skipped");
    }
  }
  llvm::sort(W.Files);
  W.Files.erase(std::unique(W.Files.begin(), W.Files.end(),
                            [](const SourceFile &A, const SourceFile &B) {
                              return A.AbsPath == B.AbsPath;
                            }),
                W.Files.end());
  return std::move(W.Files);
}

} // namespace lazycheck
