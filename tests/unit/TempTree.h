// A throw-away directory tree for tests: files are written on demand and
// everything is removed at the end of the test.
#ifndef LAZYCHECK_TESTS_TEMPTREE_H
#define LAZYCHECK_TESTS_TEMPTREE_H

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

class TempTree {
public:
  TempTree() {
    llvm::SmallString<128> Dir;
    llvm::sys::fs::createUniqueDirectory("lazycheck-test", Dir);
    llvm::sys::fs::real_path(Dir, Dir);
    Root = std::string(Dir.str());
  }
  ~TempTree() { llvm::sys::fs::remove_directories(Root); }

  /// Writes Content to Root/Rel, creating directories; returns the path.
  std::string file(const std::string &Rel, const std::string &Content = "") {
    std::string P = path(Rel);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    OS << Content;
    return P;
  }
  std::string dir(const std::string &Rel) {
    std::string P = path(Rel);
    llvm::sys::fs::create_directories(P);
    return P;
  }
  std::string path(const std::string &Rel) const { return Root + "/" + Rel; }

  std::string Root;
};

#endif
