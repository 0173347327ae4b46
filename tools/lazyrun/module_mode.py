"""Module-granular lazy imports, as Python 3.8-3.14 can do them: every
source module imported by a module body goes behind importlib.util.LazyLoader
(its body runs on first attribute access), except the manifest's eager
modules, imports executed inside an eager importer, and imports in function
and class bodies (never lazy under PEP 810 either)."""

import importlib.abc
import importlib.machinery
import importlib.util
import sys

_IMPORT_MACHINERY = ("<frozen importlib", __file__)


def importing_frame():
    """The frame whose code runs the current import statement (the first
    one outside the import machinery), or None."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_IMPORT_MACHINERY) and \
                "importlib/" not in filename.replace("\\", "/"):
            return frame
        frame = frame.f_back
    return None


class _Loaded(importlib.abc.Loader):
    """Hands out a module that is already in sys.modules."""

    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class LazyFinder(importlib.abc.MetaPathFinder):
    """Finds source modules with the regular path finder and hands them out
    behind LazyLoader, unless the manifest keeps them eager."""

    def __init__(self, manifest):
        self.manifest = manifest
        self.deferred = set()  # modules handed out lazily

    def find_spec(self, fullname, path=None, target=None):
        # The import system checks sys.modules, then reads the parent
        # package's __path__; when the parent is lazy, that read runs its
        # body, which may import this very module. Running it a second time
        # would be wrong (an eager import never does), so hand out that one.
        loaded = sys.modules.get(fullname)
        if loaded is not None:
            return importlib.util.spec_from_loader(fullname, _Loaded(loaded))
        frame = importing_frame()
        # As under PEP 810, only an import in a module body can be lazy: one
        # in a function or class body runs when that code runs, and is often
        # there for its effect (`from . import impl  # registers`).
        if frame is not None and frame.f_code.co_name != "<module>":
            return None
        importer = frame.f_globals.get("__name__") if frame else None
        if self.manifest.keeps_eager(importer, fullname):
            return None  # the regular finders load it at once
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or not isinstance(
                spec.loader, importlib.machinery.SourceFileLoader):
            return spec  # extension, builtin, namespace: as usual
        spec.loader = importlib.util.LazyLoader(spec.loader)
        self.deferred.add(fullname)
        return spec

    def never_executed(self):
        """Modules handed out lazily whose body never ran."""
        lazy = importlib.util._LazyModule
        return sorted(name for name in self.deferred
                      if type(sys.modules.get(name)) is lazy)


def install(manifest):
    finder = LazyFinder(manifest)
    sys.meta_path.insert(0, finder)
    return finder
