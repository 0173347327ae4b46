#include "Project.h"
#include "TempTree.h"
#include "llvm/Support/FileSystem.h"
#include <cstring>
#include <doctest/doctest.h>
#include <elf.h>
#include <map>
#include <set>

using namespace lazycheck;

namespace {
struct Analysed {
  std::unique_ptr<Project> P;
  std::map<std::string, uint32_t> Index;

  explicit Analysed(ProjectOptions Opts) {
    auto R = Project::analyse(Opts);
    REQUIRE(static_cast<bool>(R));
    P = std::move(*R);
    for (uint32_t I = 0; I < P->Modules.size(); ++I)
      Index[P->Modules[I].Name] = I;
  }
  const Module &mod(const std::string &Name) {
    REQUIRE(Index.count(Name));
    return P->Modules[Index[Name]];
  }
  /// "importer->target" for each resolved import.
  std::set<std::string> imports() const {
    std::set<std::string> Out;
    for (const ResolvedImport &I : P->Imports)
      Out.insert(P->Modules[I.Importer].Name + "->" +
                 P->Modules[I.Target].Name);
    return Out;
  }
  std::vector<std::vector<std::string>> cycles() const {
    std::vector<std::vector<std::string>> Out;
    for (const auto &C : P->Cycles) {
      Out.emplace_back();
      for (uint32_t M : C)
        Out.back().push_back(P->Modules[M].Name);
    }
    return Out;
  }
};
} // namespace

TEST_CASE("relative imports, submodules and missing modules") {
  TempTree T;
  T.file("app/pkg/__init__.py", "from . import a\nfrom .a import X\n");
  T.file("app/pkg/a.py", "X = 1\nfrom . import b, c\n");
  T.file("app/pkg/b.py", "from ... import beyond\nimport pkg.sub.deep\n");
  T.file("app/pkg/sub/__init__.py");
  T.file("app/pkg/sub/deep.py", "import nowhere.thing\nfrom ..b import Y\n");
  ProjectOptions O;
  O.Paths = {T.path("app")};
  Analysed A(O);
  auto I = A.imports();
  CHECK(I.count("pkg->pkg.a"));
  CHECK(I.count("pkg.a->pkg.b"));
  CHECK(I.count("pkg.a->pkg")); // `c` is not a submodule: a name of pkg
  CHECK(I.count("pkg.b->pkg.sub.deep"));
  CHECK(I.count("pkg.sub.deep->nowhere.thing"));
  CHECK(I.count("pkg.sub.deep->pkg.b"));
  CHECK(A.mod("nowhere.thing").Kind == ModuleKind::Missing);
  CHECK(A.mod("...").Kind == ModuleKind::Missing);
  CHECK(A.mod("pkg.sub").Kind == ModuleKind::Project);
  CHECK(A.mod("pkg").IsPackage);
}

TEST_CASE("loose scripts are named from their own directory") {
  TempTree T;
  T.file("repo/pkg/__init__.py");
  T.file("repo/pkg/mod.py");
  T.file("repo/scripts/run.py", "import helper\nimport pkg.mod\n");
  T.file("repo/scripts/helper.py");
  T.file("repo/tests/helper.py"); // same name, another script directory
  ProjectOptions O;
  O.Paths = {T.path("repo")};
  Analysed A(O);
  auto I = A.imports();
  CHECK(I.count("run->helper"));
  CHECK(I.count("run->pkg.mod"));
  CHECK(A.mod("helper").DisplayPath == T.path("repo/scripts/helper.py"));
  CHECK(A.mod("tests.helper").isProject());

  // With --root, directories without __init__.py are namespace packages.
  O.Roots = {T.path("repo")};
  Analysed B(O);
  CHECK(B.mod("scripts.run").isProject());
  CHECK(B.imports().count("scripts.run->scripts.helper"));
}

TEST_CASE("__lazy_modules__ names absolute modules") {
  TempTree T;
  T.file("p/pkg/__init__.py", "__lazy_modules__ = ['pkg.rel', 'json']\n"
                              "from .rel import R\nimport json\n"
                              "try:\n  import json\nexcept E:\n  pass\n");
  T.file("p/pkg/rel.py", "R = 1\n");
  ProjectOptions O;
  O.Paths = {T.path("p")};
  Analysed A(O);
  const auto &Imports = A.mod("pkg").Facts.Imports;
  REQUIRE(Imports.size() == 3);
  CHECK(Imports[0].ExplicitLazy);
  CHECK(Imports[1].ExplicitLazy);
  CHECK(!Imports[2].ExplicitLazy); // inside try: never lazy
}

TEST_CASE("--exclude skips matching files and directories") {
  TempTree T;
  T.file("p/keep.py", "import gen.made\n");
  T.file("p/gen/made.py");
  T.file("p/gen/__init__.py");
  T.file("p/build/out.py");
  T.file("p/test_thing.py");
  ProjectOptions O;
  O.Paths = {T.path("p")};
  O.Excludes = {"build", "test_*.py"};
  Analysed A(O);
  std::set<std::string> Project;
  for (const Module &M : A.P->Modules)
    if (M.isProject())
      Project.insert(M.Name);
  CHECK(Project == std::set<std::string>{"gen", "gen.made", "keep"});
}

TEST_CASE("cycles count import-time edges only") {
  TempTree T;
  T.file("p/a.py", "import b\n");
  T.file("p/b.py", "import a\n");
  T.file("p/c.py", "import d\n");
  T.file("p/d.py", "def f():\n  import c\n");
  T.file("p/e.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                   "  import f\n");
  T.file("p/f.py", "import e\n");
  ProjectOptions O;
  O.Paths = {T.path("p")};
  Analysed A(O);
  auto C = A.cycles();
  REQUIRE(C.size() == 1);
  CHECK(C[0] == std::vector<std::string>{"a", "b"});
}

TEST_CASE("interpreter modules are analysed only when reached at import "
          "time") {
  if (!llvm::sys::fs::exists("/usr/bin/python3"))
    return;
  TempTree T;
  T.file("p/main.py", "import json\ndef later():\n  import csv\n");
  ProjectOptions O;
  O.Paths = {T.path("p")};
  O.Python = "/usr/bin/python3";
  Analysed A(O);
  CHECK(A.mod("json").Kind == ModuleKind::Stdlib);
  CHECK(A.mod("json").Parsed);
  CHECK(A.mod("json.decoder").Parsed); // json imports it at import time
  CHECK(A.mod("json").DisplayPath == "json/__init__.py");
  CHECK(A.mod("csv").Kind == ModuleKind::Stdlib);
  CHECK(!A.mod("csv").Parsed);
  CHECK(A.mod("sys").Kind == ModuleKind::Compiled);
}

TEST_CASE("a compiled extension's native imports are the modules its "
          "binary names") {
  if (!llvm::sys::fs::exists("/usr/bin/python3"))
    return;
  TempTree T;
  T.file("p/pkg/__init__.py", "from pkg import util\n");
  T.file("p/pkg/util.py", "from pkg import _speed\n");
  // C strings as a Cython module keeps them: modules it imports, its own
  // qualified names, other dotted words, and names that are no module.
  static const char Raw[] = "\x7f"
                            "ELF\0pkg.util\0pkg._speed.fast\0pkg._speed\0"
                            "pkg.nowhere\0json.decoder\0x.1y\0.hidden\0"
                            "partpkg.util\0pkg.util";
  std::string Binary(Raw, sizeof(Raw) - 1);
  T.file("p/pkg/_speed.cpython-311-x86_64-linux-gnu.so", Binary);
  ProjectOptions O;
  O.Paths = {T.path("p")};
  O.Python = "/usr/bin/python3";
  Analysed A(O);
  CHECK(A.mod("pkg._speed").Kind == ModuleKind::Compiled);
  auto I = A.imports();
  CHECK(I.count("pkg._speed->pkg.util"));
  CHECK(I.count("pkg._speed->json.decoder"));
  CHECK(!A.Index.count("pkg.nowhere")); // not a module: no import, no node
  CHECK(!A.Index.count("partpkg.util"));
  CHECK(!I.count("pkg._speed->pkg._speed"));
  CHECK(A.mod("json.decoder").Parsed); // run at import time: analysed
  // pkg.util imports the extension, whose initialisation imports pkg.util.
  bool Found = false;
  for (const auto &C : A.cycles())
    Found = Found || C == std::vector<std::string>{"pkg._speed", "pkg.util"};
  CHECK(Found);
}

/// A 64-bit little-endian ELF image whose sections hold the given bytes,
/// after its header, followed by the section table.
static std::string
elfImage(const std::vector<std::pair<Elf64_Shdr, std::string>> &Sections) {
  std::string Body;
  std::vector<Elf64_Shdr> Table(1); // section 0 is SHT_NULL
  std::memset(Table.data(), 0, sizeof(Elf64_Shdr));
  for (const auto &[Header, Bytes] : Sections) {
    Elf64_Shdr S = Header;
    S.sh_offset = sizeof(Elf64_Ehdr) + Body.size();
    S.sh_size = Bytes.size();
    Body += Bytes;
    Table.push_back(S);
  }
  Elf64_Ehdr H;
  std::memset(&H, 0, sizeof H);
  std::memcpy(H.e_ident, ELFMAG, SELFMAG);
  H.e_ident[EI_CLASS] = ELFCLASS64;
  H.e_ident[EI_DATA] = ELFDATA2LSB;
  H.e_ident[EI_VERSION] = EV_CURRENT;
  H.e_type = ET_DYN;
  H.e_machine = EM_X86_64;
  H.e_ehsize = sizeof H;
  H.e_shentsize = sizeof(Elf64_Shdr);
  H.e_shnum = static_cast<Elf64_Half>(Table.size());
  H.e_shoff = sizeof H + Body.size();
  std::string Out(reinterpret_cast<const char *>(&H), sizeof H);
  Out += Body;
  Out.append(reinterpret_cast<const char *>(Table.data()),
             Table.size() * sizeof(Elf64_Shdr));
  return Out;
}

TEST_CASE("in an ELF extension, names are read from its data, not its code") {
  TempTree T;
  T.file("p/pkg/__init__.py", "from pkg import _ext, _raw\n");
  T.file("p/pkg/util.py", "");
  T.file("p/pkg/other.py", "");
  T.file("p/pkg/unused.py", "");
  Elf64_Shdr Code{}, Data{}, Zero{};
  Code.sh_type = SHT_PROGBITS;
  Code.sh_flags = SHF_ALLOC | SHF_EXECINSTR;
  Data.sh_type = SHT_PROGBITS;
  Data.sh_flags = SHF_ALLOC;
  Zero.sh_type = SHT_NOBITS; // .bss: no bytes in the file
  Zero.sh_flags = SHF_ALLOC | SHF_WRITE;
  using namespace std::string_literals;
  T.file("p/pkg/_ext.cpython-311-x86_64-linux-gnu.so",
         elfImage({{Code, "\0pkg.unused\0"s},
                   {Data, "\0pkg.util\0pkg.other\0"s},
                   {Zero, "\0"s}}));
  // Not an ELF file (or a broken one): every byte is searched.
  T.file("p/pkg/_raw.so", "\0pkg.unused\0"s);
  ProjectOptions O;
  O.Paths = {T.path("p")};
  Analysed A(O);
  auto I = A.imports();
  CHECK(I.count("pkg._ext->pkg.util"));
  CHECK(I.count("pkg._ext->pkg.other"));
  CHECK(!I.count("pkg._ext->pkg.unused"));
  CHECK(I.count("pkg._raw->pkg.unused"));
}

TEST_CASE("bad input gives diagnostics, not crashes") {
  TempTree T;
  T.file("p/ok.py", "import bad\n");
  T.file("p/bad.py", "def (:\n");
  T.file("p/latin.py", "# coding: latin-1\nx = '\xE9'\n");
  T.file("p/broken.py", "x = '\xFF'\n");
  T.dir("p/loop");
  llvm::sys::fs::create_link(T.path("p/loop"), T.path("p/loop/again"));
  llvm::sys::fs::create_link(T.path("p/nowhere.py"), T.path("p/dangling.py"));
  ProjectOptions O;
  O.Paths = {T.path("p")};
  Analysed A(O);
  std::multiset<std::string> Rules;
  for (const Diagnostic &D : A.P->Diags)
    Rules.insert(ruleInfo(D.Rule).Code.str());
  CHECK(Rules.count("LC001") == 1);
  CHECK(Rules.count("LC002") == 1);
  CHECK(Rules.count("LC003") == 1);
  CHECK(Rules.count("LC004") == 1);
  CHECK(A.imports().count("ok->bad"));
}
