//===- ModuleResolver.cpp - Dotted names to files, as Python does ---------===//
#include "ModuleResolver.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace lazycheck {

llvm::StringRef moduleKindName(ModuleKind K) {
  switch (K) {
  case ModuleKind::Project:
    return "project";
  case ModuleKind::Stdlib:
    return "stdlib";
  case ModuleKind::ThirdParty:
    return "third-party";
  case ModuleKind::Missing:
    return "missing";
  case ModuleKind::Compiled:
    return "compiled";
  case ModuleKind::Stub:
    return "stub";
  }
  return "missing";
}

static std::string absolute(llvm::StringRef P) {
  llvm::SmallString<256> Abs(P);
  fs::make_absolute(Abs);
  path::remove_dots(Abs, /*remove_dot_dot=*/true);
  while (Abs.size() > 1 && Abs.back() == '/')
    Abs.pop_back();
  return std::string(Abs.str());
}

static bool isRegularPackageDir(llvm::StringRef Dir) {
  return fs::exists(Dir + "/__init__.py") || fs::exists(Dir + "/__init__.pyi");
}

/// Climbs from Dir while Dir is a regular package or a namespace portion
/// inside one (a directory without __init__.py whose parent has one).
static std::string rootAbove(std::string Dir) {
  while (
      path::has_parent_path(Dir) && path::parent_path(Dir) != Dir &&
      (isRegularPackageDir(Dir) || isRegularPackageDir(path::parent_path(Dir))))
    Dir = std::string(path::parent_path(Dir));
  return Dir;
}

std::vector<std::string> findProjectRoots(llvm::ArrayRef<std::string> Paths,
                                          llvm::ArrayRef<std::string> Roots) {
  std::vector<std::string> Out;
  auto Add = [&](std::string R) {
    if (std::find(Out.begin(), Out.end(), R) == Out.end())
      Out.push_back(std::move(R));
  };
  if (!Roots.empty()) {
    for (const std::string &R : Roots)
      Add(absolute(R));
    return Out;
  }
  for (const std::string &P : Paths) {
    std::string Dir = absolute(P);
    if (!fs::is_directory(Dir))
      Dir = std::string(path::parent_path(Dir));
    Dir = rootAbove(Dir);
    Add(Dir);
    std::string Src = Dir + "/src";
    if (fs::is_directory(Src) && !isRegularPackageDir(Src))
      Add(Src);
  }
  return Out;
}

std::string packageRootOf(llvm::StringRef AbsFile) {
  return rootAbove(std::string(path::parent_path(AbsFile)));
}

std::string moduleNameFor(llvm::StringRef AbsFile,
                          llvm::ArrayRef<std::string> Roots,
                          std::string *RootOut) {
  const std::string *Best = nullptr;
  for (const std::string &R : Roots)
    if (AbsFile.startswith(R + "/") && (!Best || R.size() > Best->size()))
      Best = &R;
  if (!Best)
    return "";
  if (RootOut)
    *RootOut = *Best;
  llvm::StringRef Rel = AbsFile.drop_front(Best->size() + 1);
  if (Rel.endswith(".pyi"))
    Rel = Rel.drop_back(4);
  else if (Rel.endswith(".py"))
    Rel = Rel.drop_back(3);
  std::string Name = Rel.str();
  std::replace(Name.begin(), Name.end(), '/', '.');
  if (Name == "__init__")
    return std::string(path::filename(*Best));
  if (llvm::StringRef(Name).endswith(".__init__"))
    Name.resize(Name.size() - 9);
  return Name;
}

ModuleResolver::ModuleResolver(std::vector<std::string> Roots,
                               const PythonEnv *Env)
    : ProjectRoots(std::move(Roots)) {
  for (const std::string &R : ProjectRoots)
    TopLevel.push_back({R, ModuleKind::Project});
  if (Env) {
    for (const std::string &P : Env->SysPath) {
      bool Dup = false;
      for (const SearchDir &S : TopLevel)
        Dup |= S.Dir == P;
      if (!Dup)
        TopLevel.push_back({P, Env->isStdlibPath(P) ? ModuleKind::Stdlib
                                                    : ModuleKind::ThirdParty});
    }
    for (const std::string &B : Env->BuiltinModules)
      Builtins.insert(B);
    Suffixes = Env->ExtensionSuffixes;
  } else {
    Suffixes = {".so"};
    AnyTag = true;
  }
  NumExtSuffixes = Suffixes.size();
  Suffixes.push_back(".py");
}

const ModuleResolver::Listing &ModuleResolver::list(llvm::StringRef Dir) {
  auto &Slot = Listings[Dir];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<Listing>();
  std::error_code EC;
  for (fs::directory_iterator I(Dir, EC, /*follow_symlinks=*/false), E;
       I != E && !EC; I.increment(EC)) {
    fs::file_type T = I->type();
    if (T == fs::file_type::symlink_file || T == fs::file_type::type_unknown) {
      fs::file_status St;
      if (fs::status(I->path(), St))
        continue;
      T = St.type();
    }
    llvm::StringRef Name = path::filename(I->path());
    if (T == fs::file_type::directory_file)
      Slot->Dirs.insert(Name);
    else if (T == fs::file_type::regular_file)
      Slot->Files.insert(Name);
    // Without an interpreter its extension suffixes are unknown: take
    // `stem.TAG.so` (cpython-311-x86_64-linux-gnu, abi3) for any TAG, the
    // least such name when there are several.
    llvm::StringRef Base = Name;
    if (AnyTag && T == fs::file_type::regular_file &&
        Base.consume_back(".so")) {
      auto [Stem, Tag] = Base.split('.');
      if (!Stem.empty() && !Tag.empty() && !Tag.contains('.')) {
        auto [It, New] = Slot->Tagged.try_emplace(Stem, Name.str());
        if (!New && Name < It->second)
          It->second = Name.str();
      }
    }
  }
  return *Slot;
}

std::optional<std::pair<std::string, bool>>
ModuleResolver::moduleFile(const Listing &Ls, llvm::StringRef Stem) const {
  for (size_t I = 0; I < Suffixes.size(); ++I) {
    if (I == NumExtSuffixes && AnyTag) // tagged extensions before .py
      if (auto It = Ls.Tagged.find(Stem); It != Ls.Tagged.end())
        return std::make_pair(It->second, true);
    std::string File = (Stem + Suffixes[I]).str();
    if (Ls.Files.count(File))
      return std::make_pair(std::move(File), I < NumExtSuffixes);
  }
  return std::nullopt;
}

Resolution ModuleResolver::find(llvm::StringRef Name,
                                llvm::ArrayRef<SearchDir> Dirs) {
  Resolution Namespace, Stub;
  for (const SearchDir &D : Dirs) {
    const Listing &Ls = list(D.Dir);
    if (Ls.Dirs.count(Name)) {
      std::string Sub = D.Dir + "/" + Name.str();
      const Listing &SubLs = list(Sub);
      if (auto File = moduleFile(SubLs, "__init__")) {
        Resolution R;
        R.Kind = File->second ? ModuleKind::Compiled : D.Kind;
        R.Origin = D.Kind;
        R.Path = Sub + "/" + File->first;
        R.RootDir = D.Dir;
        R.IsPackage = true;
        R.SubmoduleDirs.push_back(Sub);
        return R;
      }
      if (!Stub.found() && SubLs.Files.count("__init__.pyi")) {
        Stub.Kind = ModuleKind::Stub;
        Stub.Origin = D.Kind;
        Stub.Path = Sub + "/__init__.pyi";
        Stub.RootDir = D.Dir;
        Stub.IsPackage = true;
        Stub.SubmoduleDirs.push_back(Sub);
      }
      if (!Namespace.found()) {
        Namespace.Kind = Namespace.Origin = D.Kind;
        Namespace.RootDir = D.Dir;
        Namespace.IsPackage = Namespace.Namespace = true;
      }
      Namespace.SubmoduleDirs.push_back(Sub);
    }
    if (auto File = moduleFile(Ls, Name)) {
      Resolution R;
      R.Kind = File->second ? ModuleKind::Compiled : D.Kind;
      R.Origin = D.Kind;
      R.Path = D.Dir + "/" + File->first;
      R.RootDir = D.Dir;
      return R;
    }
    if (!Stub.found() && Ls.Files.count(Name.str() + ".pyi")) {
      Stub.Kind = ModuleKind::Stub;
      Stub.Origin = D.Kind;
      Stub.Path = D.Dir + "/" + Name.str() + ".pyi";
      Stub.RootDir = D.Dir;
    }
  }
  if (Namespace.found())
    return Namespace;
  return Stub;
}

const Resolution &ModuleResolver::resolve(llvm::StringRef Dotted,
                                          llvm::StringRef ScriptDir) {
  // StringMap entries never move, so Slot stays valid while the recursive
  // call below adds entries.
  // Most calls find their answer here: build the key without the heap.
  llvm::SmallString<128> Key(ScriptDir);
  Key.push_back('\0');
  Key.append(Dotted);
  auto &Slot = Cache[Key];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<Resolution>();
  Resolution &Out = *Slot;

  if (Dotted.empty() || Dotted.startswith(".") || Dotted.endswith(".") ||
      Dotted.contains(".."))
    return Out;
  std::vector<SearchDir> Dirs;
  if (!Dotted.contains('.')) { // a top-level name
    if (Builtins.count(Dotted)) {
      Out.Kind = ModuleKind::Compiled;
      return Out;
    }
    // Project roots, then the script's own directory, then sys.path.
    for (const SearchDir &D : TopLevel)
      if (D.Kind == ModuleKind::Project)
        Dirs.push_back(D);
    if (!ScriptDir.empty() && !llvm::is_contained(ProjectRoots, ScriptDir))
      Dirs.push_back({ScriptDir.str(), ModuleKind::Project});
    for (const SearchDir &D : TopLevel)
      if (D.Kind != ModuleKind::Project)
        Dirs.push_back(D);
    Out = find(Dotted, Dirs);
    return Out;
  }
  auto [Parent, Last] = Dotted.rsplit('.');
  const Resolution &P = resolve(Parent, ScriptDir);
  if (!P.IsPackage)
    return Out; // a plain module has no submodules (os.path is set up at run
                // time, not found on disk)
  for (const std::string &D : P.SubmoduleDirs)
    Dirs.push_back({D, P.Origin});
  Out = find(Last, Dirs);
  if (Out.found())
    Out.RootDir = P.RootDir;
  return Out;
}

} // namespace lazycheck
