"""Reading lazycheck's exclusion manifest (schema lazycheck-manifest/1)."""

import json
import os
import sys

SCHEMA = "lazycheck-manifest/1"


class ManifestError(Exception):
    pass


class Manifest:
    """The two lists a lazy runtime needs: modules that must run their body
    as soon as they are imported (eager), and modules whose own imports
    must all run at once (eager_importers)."""

    def __init__(self, eager=(), eager_importers=(), source=None):
        self.eager = frozenset(eager)
        self.eager_importers = frozenset(eager_importers)
        self.source = source

    @classmethod
    def empty(cls):
        return cls(source="(no manifest)")

    @classmethod
    def load(cls, path):
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            raise ManifestError("cannot read manifest %s: %s" % (path, e))
        if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
            raise ManifestError("%s is not a lazycheck manifest (schema %s)"
                                % (path, SCHEMA))

        def modules(key):
            entries = doc.get(key, [])
            if not isinstance(entries, list):
                raise ManifestError("%s: %r must be a list" % (path, key))
            return [e["module"] for e in entries
                    if isinstance(e, dict) and isinstance(e.get("module"), str)]

        return cls(modules("eager"), modules("eager_importers"), source=path)

    def keeps_eager(self, importer, name, fromlist=()):
        """The PEP 810 filter's answer, negated: True when the import must
        run at once."""
        if importer is not None and (
                importer in self.eager_importers or
                main_module_name(importer) in self.eager_importers):
            return True
        if name in self.eager:
            return True
        for item in fromlist or ():
            if name + "." + item in self.eager:
                return True
        # Importing a.b.c runs a and a.b first if they have not run yet.
        parent = name.rpartition(".")[0]
        while parent:
            if parent in self.eager and parent not in sys.modules:
                return True
            parent = parent.rpartition(".")[0]
        return False


def main_module_name(importer):
    """The name lazycheck gives the program's entry point, which runs as
    __main__: its module name under -m, its file's stem as a script."""
    if importer != "__main__":
        return importer
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and getattr(spec, "name", None):
        return spec.name
    path = getattr(main, "__file__", None)
    if path:
        return os.path.splitext(os.path.basename(path))[0]
    return importer
