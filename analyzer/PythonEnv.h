//===- PythonEnv.h - What an interpreter's import system sees ---*- C++ -*-===//
#ifndef LAZYCHECK_ANALYZER_PYTHONENV_H
#define LAZYCHECK_ANALYZER_PYTHONENV_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace lazycheck {

/// The parts of an interpreter's configuration module resolution needs.
struct PythonEnv {
  std::string Executable;
  std::string Version;              // "3.11"
  std::vector<std::string> SysPath; // existing directories, in order
  std::vector<std::string> StdlibDirs;
  std::vector<std::string> BuiltinModules; // sys.builtin_module_names
  std::vector<std::string> ExtensionSuffixes;

  bool isStdlibPath(llvm::StringRef Dir) const;
};

/// Asks Executable for its sys.path etc. (runs it once, with a timeout).
llvm::Expected<PythonEnv> queryPythonEnv(llvm::StringRef Executable);

/// `python3` from PATH, or "" when there is none.
std::string defaultPython();

} // namespace lazycheck

#endif
