#!/usr/bin/python3
"""Reference import extractor: lists the module-level imports of a Python tree.

This is an independent re-implementation, written with the standard `ast`
module, of the facts lazycheck reports in the "imports" section of
`lazycheck graph`. tests/stdlib_compare.py uses it as the oracle for
lazycheck's (importer, line, target) triples.

Usage:
    stdlib_imports.py ROOT [--python-path DIR [DIR ...]] [-o FILE]

It walks ROOT for *.py files, parses each one with `ast` (files `ast` rejects
are counted and listed, not analysed), and prints one JSON document:

    {"root": ..., "python_path": [...],
     "parsed_files": [{"path", "module"}, ...],
     "rejected_files": [{"path", "error"}, ...],
     "imports": [{"importer", "path", "line", "target", "kind"}, ...]}

Only imports whose scope is "module" are listed: the ones that are not inside
the body of a def, lambda or class. Statements nested in module-level
if/try/with/for/while/match blocks still count as module scope.

Targets are resolved the way Python's import system finds modules, without
importing anything: builtins first (sys.builtin_module_names), then ROOT,
then the importer's own directory when that directory is not a package (a
script directory), then the interpreter's sys.path (or --python-path).
Extension suffixes come from importlib.machinery.EXTENSION_SUFFIXES of the
interpreter running this script.
"""
import argparse
import ast
import importlib.machinery
import json
import os
import sys
from dataclasses import dataclass

# Directory names never walked into.
SKIP_DIRS = {".git", "__pycache__", "node_modules", ".tox", ".mypy_cache"}

# A directory holding this file is a virtual environment: not project code.
VENV_MARKER = "pyvenv.cfg"

# The call forms recognised as dynamic imports when their first argument is
# a plain string literal: __import__("m"), import_module("m") and
# importlib.import_module("m").
DYNAMIC_FUNCTIONS = {"__import__", "import_module"}


# --------------------------------------------------------------------------
# Finding the files and naming the modules
# --------------------------------------------------------------------------

def is_skipped_dir(path, name):
    """True if the walk must not enter directory `name` at `path`."""
    return name in SKIP_DIRS or os.path.isfile(os.path.join(path, VENV_MARKER))


def find_python_files(root):
    """Returns the sorted paths of the *.py files under `root`.

    Directories in SKIP_DIRS and virtual environments (directories that hold
    a pyvenv.cfg) are pruned. Symbolic links to directories are not followed
    (os.walk's default); symbolic links to files are kept.
    """
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if not is_skipped_dir(os.path.join(dirpath, d), d))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if name.endswith(".py") and os.path.isfile(path):
                found.append(path)
    return found


def own_root(path):
    """The directory the file's module name is relative to: its nearest
    ancestor that is neither a regular package (has an __init__.py) nor a
    namespace portion inside one (a directory of loose scripts names its
    files by their stem, as ruff and mypy do)."""
    def is_package(directory):
        return os.path.isfile(os.path.join(directory, "__init__.py"))

    directory = os.path.dirname(path)
    while True:
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        if not (is_package(directory) or is_package(parent)):
            break
        directory = parent
    return directory


def module_name_for(root, path):
    """Returns (module name, package name) of the file at `path`.

    Names are dotted paths relative to the file's own root (see own_root;
    for the stdlib that is `root` itself almost everywhere):
    ROOT/json/decoder.py is "json.decoder" in package "json";
    ROOT/json/__init__.py is "json" and is its own package; ROOT/abc.py is
    "abc" with no package ("").
    """
    rel = os.path.relpath(path, own_root(path))
    parts = rel[:-len(".py")].split(os.sep)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


# --------------------------------------------------------------------------
# Resolving dotted names to modules on disk
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    """A module that exists.

    kind is "builtin", "module" (a .py or extension file), "package" (a
    directory with an __init__) or "namespace" (directories without one).
    search_dirs is where submodules are looked for (a package's __path__);
    empty for anything that is not a package.
    """
    kind: str
    search_dirs: tuple = ()


class Resolver:
    """Finds modules the way Python's path-based import system does.

    In one directory, `name` is: a regular package if name/__init__<suffix>
    exists (extension suffixes first, then .py); else a module if
    name<suffix> exists; else a namespace portion if name/ is a directory.
    Across a list of directories the first package or module wins; namespace
    portions only count when no directory has a package or module, and then
    all of them together form the namespace package (PEP 420).
    """

    def __init__(self, root, python_path):
        self.root = root
        self.python_path = list(python_path)
        self.builtins = set(sys.builtin_module_names)
        self.suffixes = list(importlib.machinery.EXTENSION_SUFFIXES) + [".py"]
        self._cache = {}

    def has_init(self, directory):
        """True if `directory` is a regular package (has an __init__)."""
        return any(os.path.isfile(os.path.join(directory, "__init__" + s))
                   for s in self.suffixes)

    def find_in_dir(self, directory, name):
        """Looks for `name` in one directory; returns a Found or None."""
        candidate = os.path.join(directory, name)
        is_dir = os.path.isdir(candidate)
        if is_dir and self.has_init(candidate):
            return Found("package", (candidate,))
        for suffix in self.suffixes:
            if os.path.isfile(candidate + suffix):
                return Found("module")
        if is_dir:
            return Found("namespace", (candidate,))
        return None

    def find_in_dirs(self, directories, name):
        """Looks for `name` in each directory in order (PEP 420 rules)."""
        portions = []
        for directory in directories:
            found = self.find_in_dir(directory, name)
            if found is None:
                continue
            if found.kind != "namespace":
                return found
            portions.extend(found.search_dirs)
        if portions:
            return Found("namespace", tuple(portions))
        return None

    def top_level_dirs(self, script_dir):
        """The directories searched for a top-level name, in order."""
        dirs = [self.root]
        if script_dir is not None:
            dirs.append(script_dir)
        dirs.extend(self.python_path)
        unique = []
        for d in dirs:
            if d not in unique and os.path.isdir(d):
                unique.append(d)
        return unique

    def find(self, dotted, script_dir=None):
        """Returns the Found for absolute module `dotted`, or None.

        script_dir is the importer's directory when it is not a package
        directory: it is searched for top-level names after ROOT.
        """
        key = (dotted, script_dir)
        if key not in self._cache:
            self._cache[key] = self._find_uncached(dotted, script_dir)
        return self._cache[key]

    def _find_uncached(self, dotted, script_dir):
        head, _, tail = dotted.rpartition(".")
        if not head:
            if tail in self.builtins:
                return Found("builtin")
            return self.find_in_dirs(self.top_level_dirs(script_dir), tail)
        parent = self.find(head, script_dir)
        if parent is None or not parent.search_dirs:
            return None
        return self.find_in_dirs(parent.search_dirs, tail)

    def script_dir_of(self, path):
        """The importer's directory if it is not a package, else None."""
        directory = os.path.dirname(path)
        return None if self.has_init(directory) else directory


def resolve_relative(package, level, name):
    """Resolves a relative module reference like importlib._resolve_name.

    `package` is the importer's package ("" for a top-level module), level
    the number of leading dots, name the text after them (may be empty).
    Returns the absolute dotted name, or None when the reference goes beyond
    the top-level package (Python raises ImportError there).
    """
    if not package:
        return None
    bits = package.rsplit(".", level - 1)
    if len(bits) < level:
        return None
    base = bits[0]
    return f"{base}.{name}" if name else base


# --------------------------------------------------------------------------
# Walking one file's syntax tree
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Importer:
    """What the visitor needs to know about the file being analysed."""
    path: str
    module: str
    package: str
    script_dir: str | None  # set when the directory is not a package


class ModuleScopeImports(ast.NodeVisitor):
    """Collects (line, target, kind) for every module-scope import of a file.

    Scope tracking follows Python's execution model: the body of a def,
    lambda or class runs later (or in its own namespace) and is skipped,
    while decorators, default values, annotations, base classes and class
    keywords are evaluated where the def/class statement runs, so they are
    visited in the enclosing scope. Comprehensions are not treated as
    separate scopes.
    """

    def __init__(self, importer, resolver):
        self.importer = importer
        self.resolver = resolver
        self.found = []

    def add(self, line, target, kind):
        """Records one import entry."""
        self.found.append((line, target, kind))

    # -- scopes ---------------------------------------------------------------

    def visit_FunctionDef(self, node):
        """Visits what a def statement evaluates, but not its body."""
        for expr in node.decorator_list:
            self.visit(expr)
        self.visit_arguments_evaluated(node.args)
        if node.returns is not None:
            self.visit(node.returns)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        """Visits a lambda's default values, not its body."""
        self.visit_arguments_evaluated(node.args)

    def visit_arguments_evaluated(self, args):
        """Visits default values and annotations of a parameter list."""
        for expr in args.defaults + [d for d in args.kw_defaults if d]:
            self.visit(expr)
        params = args.posonlyargs + args.args + args.kwonlyargs
        params += [p for p in (args.vararg, args.kwarg) if p is not None]
        for param in params:
            if param.annotation is not None:
                self.visit(param.annotation)

    def visit_ClassDef(self, node):
        """Visits a class's decorators, bases and keywords, not its body."""
        for expr in node.decorator_list + node.bases:
            self.visit(expr)
        for keyword in node.keywords:
            self.visit(keyword.value)

    # -- import statements ----------------------------------------------------

    def visit_Import(self, node):
        """`import a.b.c [as x], d`: one entry per clause, target a.b.c."""
        for alias in node.names:
            self.add(node.lineno, alias.name, "import")

    def visit_ImportFrom(self, node):
        """`from m import x, y` (absolute or relative, star or names)."""
        if node.level:
            module = resolve_relative(self.importer.package, node.level,
                                      node.module or "")
            if module is None:  # beyond the top level: keep the text
                written = "." * node.level + (node.module or "")
                self.add(node.lineno, written, "relative")
                return
            kind = "relative"
        else:
            module = node.module
            kind = "from"
        if len(node.names) == 1 and node.names[0].name == "*":
            self.add(node.lineno, module, "star" if kind == "from" else kind)
            return
        targets = []
        for alias in node.names:
            target = self.from_target(module, alias.name)
            if target not in targets:  # names with one target: one entry
                targets.append(target)
        for target in targets:
            self.add(node.lineno, target, kind)

    def from_target(self, module, name):
        """`from module import name` imports module.name if it is a module
        (or package) on disk; otherwise it reads an attribute of module."""
        candidate = f"{module}.{name}"
        if self.resolver.find(candidate, self.importer.script_dir) is not None:
            return candidate
        return module

    # -- dynamic imports ------------------------------------------------------

    def visit_Call(self, node):
        """Records __import__/import_module calls with a literal name."""
        target = self.dynamic_target(node)
        if target is not None:
            self.add(node.lineno, target, "dynamic")
        self.generic_visit(node)

    def dynamic_target(self, call):
        """The module a dynamic-import call names, or None if it isn't one."""
        func = call.func
        if isinstance(func, ast.Name) and func.id in DYNAMIC_FUNCTIONS:
            function = func.id
        elif (isinstance(func, ast.Attribute) and func.attr == "import_module"
              and isinstance(func.value, ast.Name)
              and func.value.id == "importlib"):
            function = "import_module"
        else:
            return None
        if not call.args or not is_string_literal(call.args[0]):
            return None
        name = call.args[0].value
        if not name.startswith("."):
            return name or None
        # Relative names only for import_module(".x", __package__).
        if function != "import_module" or not passes_package(call):
            return None
        dots = len(name) - len(name.lstrip("."))
        return resolve_relative(self.importer.package, dots, name[dots:])


def is_string_literal(node):
    """True for a plain str literal (not bytes, not an f-string)."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def passes_package(call):
    """True if the call's second argument is the name __package__ (given
    positionally or as package=__package__)."""
    def is_package_name(node):
        return isinstance(node, ast.Name) and node.id == "__package__"
    if len(call.args) >= 2:
        return is_package_name(call.args[1])
    return any(k.arg == "package" and is_package_name(k.value)
               for k in call.keywords)


# --------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------

def parse_file(path):
    """Parses a file with ast; returns (tree, None) or (None, error text).

    The source is read as bytes so that ast honours the PEP 263 coding
    cookie and a UTF-8 BOM, exactly like the interpreter does.
    """
    try:
        with open(path, "rb") as f:
            source = f.read()
        return ast.parse(source, filename=path), None
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError,
            MemoryError, OSError) as error:
        return None, f"{type(error).__name__}: {error}"


def extract(root, python_path):
    """Analyses every *.py file under root; returns the result document."""
    root = os.path.normpath(os.path.abspath(root))
    resolver = Resolver(root, python_path)
    parsed, rejected, imports = [], [], []
    for path in find_python_files(root):
        tree, error = parse_file(path)
        if tree is None:
            rejected.append({"path": path, "error": error})
            continue
        module, package = module_name_for(root, path)
        parsed.append({"path": path, "module": module})
        importer = Importer(path, module, package, resolver.script_dir_of(path))
        visitor = ModuleScopeImports(importer, resolver)
        visitor.visit(tree)
        for line, target, kind in visitor.found:
            imports.append({"importer": module, "path": path, "line": line,
                            "target": target, "kind": kind})
    return {"root": root, "python_path": resolver.python_path,
            "parsed_files": parsed, "rejected_files": rejected,
            "imports": imports}


def default_python_path():
    """This interpreter's sys.path without the entry for this script's own
    directory (or the current directory): static analysis of ROOT must not
    depend on where the tool lives or is run from."""
    entries = sys.path if sys.flags.safe_path else sys.path[1:]
    return [os.path.abspath(p) for p in entries if p]


def parse_args(argv):
    """Command-line interface."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", help="directory tree to analyse")
    parser.add_argument("--python-path", nargs="+", action="extend",
                        metavar="DIR",
                        help="sys.path used for imports not found in ROOT "
                             "(default: this interpreter's sys.path)")
    parser.add_argument("-o", "--output", help="write the JSON here")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if not os.path.isdir(args.root):
        sys.exit(f"stdlib_imports.py: not a directory: {args.root}")
    python_path = args.python_path
    if python_path is None:
        python_path = default_python_path()
    result = extract(args.root, python_path)
    text = json.dumps(result, indent=1)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)
    print(f"stdlib_imports.py: {len(result['parsed_files'])} files parsed, "
          f"{len(result['rejected_files'])} rejected by ast, "
          f"{len(result['imports'])} module-scope imports", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
