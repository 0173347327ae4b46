//===- ClassCreationRegistry.cpp - LC103 class-creation-registry ----------===//
//
// Import-time classes whose base, defined in another module, registers
// them on creation through __init_subclass__ or a metaclass.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"

namespace lazycheck {

extern const char DocLC103[];
const char DocLC103[] = R"md(LC103 class-creation-registry

What it does
  Finds an import-time class statement whose base chain, resolved
  across modules, has a base in another module that registers
  subclasses as they are created: a base whose __init_subclass__, or a
  metaclass whose __new__ or __init__, stores the class into module or
  class state (REGISTRY[cls.__name__] = cls, cls._registry.append(cls),
  Base.plugins[name] = cls). Hooks that only set attributes on cls,
  validate it or call super() are not reported, nor are bases in the
  same module.

Why it breaks under lazy imports
  The subclass is registered by its class statement, that is when its
  module's body runs. Code that finds subclasses through the base
  (Base.plugins["csv"], Base.__subclasses__(), model or serializer
  registries) never names the subclass's module, so under PEP 810 (body
  runs on first use of the name) and LazyLoader (body runs on first
  attribute access) nothing runs that body: the lookup finds nothing,
  or finds only the subclasses some other code happened to load.

Example
  # app/formats/base.py
  class Format:
      plugins = {}
      def __init_subclass__(cls, name, **kw):
          super().__init_subclass__(**kw)
          Format.plugins[name] = cls

  # app/formats/csv.py
  from app.formats.base import Format

  class Csv(Format, name="csv"):     # lazycheck: LC103
      ...

Use instead
  Import the subclass modules where the registry is read, so a lookup
  loads them (`def get(name): from app.formats import csv, xml` in
  base.py), or register them explicitly from a `register_all()` called
  by the entry point. Otherwise keep the module eager (the manifest
  lists it as target-eager) or accept the finding with
  `# lazycheck: ignore[LC103]`.
)md";

/// Effects that register the class being created: stores into module state
/// or foreign state, or into a container reached through cls that the
/// method did not just create for the new class itself (`cls._keys =
/// set()` then `cls._keys.add(...)` is the class's own state).
static const Effect *registering(Analysis &A, uint32_t Mod, int32_t Fn) {
  const ModuleFacts &F = A.module(Mod).Facts;
  auto Fresh = [&](llvm::StringRef Target) {
    for (const Reference &R : F.References)
      if (R.Function == Fn && R.Kind == RefKind::Store && !R.Item &&
          isModuleOrBelow(Target, R.Chain))
        return true;
    return false;
  };
  for (const Effect &E : A.functionEffects(Mod, Fn)) {
    if (E.Owner != ReceiverOwner)
      return &E;
    if (E.Shared && E.Depth == 0 && !Fresh(E.Target))
      return &E;
  }
  return nullptr;
}

void checkClassCreationRegistry(Analysis &A) {
  for (uint32_t Mod : A.parsedModules()) {
    const ModuleFacts &F = A.module(Mod).Facts;
    for (int32_t CI = 0; CI < static_cast<int32_t>(F.Classes.size()); ++CI) {
      const ClassFact &C = F.Classes[CI];
      if (!C.ImportTime || C.Function >= 0)
        continue;
      // Walk the bases (across modules) for __init_subclass__, and collect
      // the metaclass: explicit, or inherited from a base.
      std::vector<std::pair<uint32_t, int32_t>> Queue = A.bases(Mod, CI);
      std::vector<std::pair<uint32_t, int32_t>> Metas;
      if (!C.Metaclass.empty()) {
        Analysis::Symbol M = A.resolve(Mod, C.Metaclass);
        if (M.K == Analysis::Symbol::Class)
          Metas.push_back({M.Mod, M.Index});
      }
      std::string Found;
      const Effect *Hit = nullptr;
      for (size_t Q = 0; Q < Queue.size() && Q < 32 && !Hit; ++Q) {
        auto [BM, BC] = Queue[Q];
        const ModuleFacts &BF = A.module(BM).Facts;
        const ClassFact &Base = BF.Classes[BC];
        for (int32_t FI : A.methods(BM, BC)) {
          if (BF.Functions[FI].Name != "__init_subclass__" || BM == Mod)
            continue;
          if ((Hit = registering(A, BM, FI))) {
            Found = "__init_subclass__ of " + A.module(BM).Name + "." +
                    Base.Qualified;
            break;
          }
        }
        if (!Base.Metaclass.empty()) {
          Analysis::Symbol M = A.resolve(BM, Base.Metaclass);
          if (M.K == Analysis::Symbol::Class &&
              !llvm::is_contained(Metas, std::make_pair(M.Mod, M.Index)))
            Metas.push_back({M.Mod, M.Index});
        }
        for (auto B : A.bases(BM, BC))
          if (!llvm::is_contained(Queue, B))
            Queue.push_back(B);
      }
      for (size_t MI = 0; MI < Metas.size() && !Hit; ++MI) {
        auto [MM, MC] = Metas[MI];
        if (MM == Mod)
          continue;
        for (llvm::StringRef Method : {"__new__", "__init__"}) {
          auto [DM, DF] = A.findMethod(MM, MC, Method);
          if (DF < 0 || DM == Mod)
            continue;
          if ((Hit = registering(A, DM, DF))) {
            Found = "metaclass " + A.module(MM).Name + "." +
                    A.module(MM).Facts.Classes[MC].Qualified + "." +
                    Method.str();
            break;
          }
        }
      }
      if (!Hit)
        continue;
      Diagnostic D =
          A.finding(RuleId::LC103, Mod, C.Line, C.Col,
                    "creating class " + C.Name + " runs " + Found + ", which " +
                        Hit->What + " (" + Hit->Steps.back().Path + ":" +
                        std::to_string(Hit->Steps.back().Line) + ")");
      D.Notes = Hit->Steps;
      A.report(std::move(D));
    }
  }
}

} // namespace lazycheck
