//===- PythonEnv.cpp - What an interpreter's import system sees -----------===//
#include "PythonEnv.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

namespace lazycheck {

static const char QueryScript[] =
    "import json, sys, sysconfig, importlib.machinery as m\n"
    "p = sysconfig.get_paths()\n"
    "print(json.dumps({'version': '%d.%d' % sys.version_info[:2],\n"
    " 'path': [x for x in sys.path if x],\n"
    " 'stdlib': [p['stdlib'], p['platstdlib']],\n"
    " 'builtins': sorted(sys.builtin_module_names),\n"
    " 'ext': list(m.EXTENSION_SUFFIXES)}))\n";

bool PythonEnv::isStdlibPath(llvm::StringRef Dir) const {
  if (Dir.contains("site-packages") || Dir.contains("dist-packages"))
    return false;
  for (const std::string &S : StdlibDirs)
    if (Dir == S || Dir.startswith(S + "/"))
      return true;
  return false;
}

std::string defaultPython() {
  auto P = llvm::sys::findProgramByName("python3");
  return P ? *P : std::string();
}

static std::string normalise(llvm::StringRef P) {
  llvm::SmallString<256> Abs(P);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs.str());
}

llvm::Expected<PythonEnv> queryPythonEnv(llvm::StringRef Executable) {
  auto Exe = llvm::sys::findProgramByName(Executable);
  if (!Exe)
    return llvm::createStringError(Exe.getError(), "cannot find python '%s'",
                                   Executable.str().c_str());
  llvm::SmallString<128> OutFile;
  if (auto EC = llvm::sys::fs::createTemporaryFile("lazycheck-python", "json",
                                                   OutFile))
    return llvm::errorCodeToError(EC);
  llvm::FileRemover Remover(OutFile);
  llvm::Optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(OutFile), llvm::StringRef("")};
  std::string ErrMsg;
  llvm::StringRef Args[] = {*Exe, "-c", QueryScript};
  int RC = llvm::sys::ExecuteAndWait(*Exe, Args, llvm::None, Redirects,
                                     /*SecondsToWait=*/60, 0, &ErrMsg);
  if (RC != 0)
    return llvm::createStringError(
        std::errc::io_error, "'%s' failed to report its sys.path%s%s",
        Exe->c_str(), ErrMsg.empty() ? "" : ": ", ErrMsg.c_str());
  auto Buf = llvm::MemoryBuffer::getFile(OutFile);
  if (!Buf)
    return llvm::errorCodeToError(Buf.getError());
  auto Json = llvm::json::parse((*Buf)->getBuffer());
  if (!Json)
    return Json.takeError();
  const llvm::json::Object *O = Json->getAsObject();
  if (!O)
    return llvm::createStringError(std::errc::io_error,
                                   "unexpected reply from '%s'", Exe->c_str());
  PythonEnv Env;
  Env.Executable = *Exe;
  if (auto V = O->getString("version"))
    Env.Version = V->str();
  auto Strings = [&](llvm::StringRef Key, std::vector<std::string> &Out,
                     bool Paths) {
    if (const llvm::json::Array *A = O->getArray(Key))
      for (const llvm::json::Value &V : *A)
        if (auto S = V.getAsString()) {
          if (!Paths) {
            Out.push_back(S->str());
            continue;
          }
          std::string N = normalise(*S);
          if (llvm::sys::fs::is_directory(N) &&
              std::find(Out.begin(), Out.end(), N) == Out.end())
            Out.push_back(N);
        }
  };
  Strings("path", Env.SysPath, true);
  Strings("stdlib", Env.StdlibDirs, true);
  Strings("builtins", Env.BuiltinModules, false);
  Strings("ext", Env.ExtensionSuffixes, false);
  return Env;
}

} // namespace lazycheck
