"""Module-granular lazy imports, as Python 3.8-3.14 can do them: every
source module behind importlib.util.LazyLoader (its body runs on first
attribute access), except the manifest's eager modules, and except imports
executed inside an eager importer."""

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

_IMPORT_MACHINERY = ("<frozen importlib", __file__)


def importing_module():
    """The name of the module whose code runs the current import statement
    (the first frame outside the import machinery), or None."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_IMPORT_MACHINERY) and \
                "importlib/" not in filename.replace("\\", "/"):
            return frame.f_globals.get("__name__")
        frame = frame.f_back
    return None


class LazyFinder(importlib.abc.MetaPathFinder):
    """Finds source modules with the regular path finder and hands them out
    behind LazyLoader, unless the manifest keeps them eager."""

    def __init__(self, manifest):
        self.manifest = manifest
        self.deferred = set()  # modules handed out lazily

    def find_spec(self, fullname, path=None, target=None):
        if self.manifest.keeps_eager(importing_module(), fullname):
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
