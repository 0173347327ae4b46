"""PEP 810 lazy imports: native on CPython 3.15+, emulated before.

Native: sys.set_lazy_imports("all") plus a filter made from the manifest,
the same one `lazycheck emit pep810` writes.

Emulated (3.8-3.14): an import hook compiles every source module from a
transformed syntax tree.

* Each eligible import statement (module level, also inside module-level
  if/with/for/while; not inside a try statement, not a star import, not
  `from __future__`) becomes

      if not __lazyrun_defer__(kind, module, level, names):
          <the original statement>

  When it executes, the manifest decides, as PEP 810's filter does
  (importer, resolved module name, fromlist): eager runs the original
  statement; lazy binds each name to a proxy and imports nothing, so the
  module stays out of sys.modules.
* Every load of a name that such a statement binds, in a scope where the
  name is the module's global (decided per scope with symtable; module and
  class bodies look names up at run time, so every load there), becomes
  `__lazyrun_load__(name_value, "name")`: a proxy is reified once (the
  import runs) and the global is rebound to the real object.
* While a module holds proxies its class is a ModuleType subclass whose
  attribute access reifies them, so `mod.name` from another module sees the
  real object; globals(), vars(), dir() and mod.__dict__ still hand out
  proxies, as under PEP 810.

Transformed code objects are cached (they do not depend on the manifest)
under $LAZYRUN_CACHE or ~/.cache/lazyrun. The differences from the real
3.15 are listed in tools/lazyrun/README.md.
"""

import ast
import builtins
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import marshal
import os
import symtable
import tokenize  # noqa: F401  (decode_source imports it: load it before the hook)
import sys
import types

TRANSFORM_VERSION = b"lazyrun-pep810-4"
DEFER = "__lazyrun_defer__"
LOAD = "__lazyrun_load__"

# --- the transformation -----------------------------------------------------


def _eligible_imports(body, out):
    """Eligible import statements of a module body, recursively through
    module-level compound statements other than try."""
    for stmt in body:
        if isinstance(stmt, ast.Import):
            out.append(stmt)
        elif isinstance(stmt, ast.ImportFrom):
            if stmt.module == "__future__" or \
                    any(a.name == "*" for a in stmt.names):
                continue
            out.append(stmt)
        elif isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While)):
            _eligible_imports(stmt.body, out)
            _eligible_imports(stmt.orelse, out)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            _eligible_imports(stmt.body, out)
        # try statements, defs and classes: never lazy


def _bound_names(stmt):
    if isinstance(stmt, ast.Import):
        return [a.asname or a.name.split(".")[0] for a in stmt.names]
    return [a.asname or a.name for a in stmt.names]


class _Scopes:
    """Maps syntax nodes that open a scope to their symbol tables."""

    KINDS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
             ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
    NAMES = {ast.Lambda: "lambda", ast.ListComp: "listcomp",
             ast.SetComp: "setcomp", ast.DictComp: "dictcomp",
             ast.GeneratorExp: "genexpr"}

    def __init__(self, table):
        self.children = {}
        self._index(table)

    def _index(self, table):
        for child in table.get_children():
            key = (id(table), child.get_name(), child.get_lineno())
            self.children.setdefault(key, []).append(child)
            self._index(child)

    def child(self, parent, node):
        name = getattr(node, "name", None) or self.NAMES[type(node)]
        queue = self.children.get((id(parent), name, node.lineno))
        if not queue:
            return None
        return queue.pop(0)


class _Transformer(ast.NodeTransformer):
    def __init__(self, candidates, scopes, top):
        self.candidates = candidates
        self.scopes = scopes
        self.table = top      # the symbol table of the current scope
        self.exact = False    # the table says where each name resolves

    def _loads_global(self, name):
        if not self.exact or self.table is None:
            return True  # module or class body, or unknown: check at run time
        try:
            sym = self.table.lookup(name)
        except KeyError:
            return True
        return sym.is_global() or sym.is_declared_global()

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and node.id in self.candidates and \
                self._loads_global(node.id):
            call = ast.Call(func=ast.Name(id=LOAD, ctx=ast.Load()),
                            args=[node, ast.Constant(value=node.id)],
                            keywords=[])
            return ast.copy_location(call, node)
        return node

    def visit_AugAssign(self, node):
        # `name += x` loads name without a Load node: reify it first.
        node = self.generic_visit(node)
        target = node.target
        if isinstance(target, ast.Name) and target.id in self.candidates and \
                self._loads_global(target.id):
            reify = ast.Assign(
                targets=[ast.Name(id=target.id, ctx=ast.Store())],
                value=ast.Call(func=ast.Name(id=LOAD, ctx=ast.Load()),
                               args=[ast.Name(id=target.id, ctx=ast.Load()),
                                     ast.Constant(value=target.id)],
                               keywords=[]))
            return [ast.copy_location(reify, node), node]
        return node

    def _in_scope(self, node, visit_children):
        table = self.scopes.child(self.table, node) if self.table else None
        saved = (self.table, self.exact)
        self.table = table
        self.exact = table is not None and table.get_type() == "function"
        try:
            visit_children()
        finally:
            self.table, self.exact = saved
        return node

    def _visit_def(self, node):
        # Decorators, defaults, annotations and bases run in the enclosing
        # scope; the body in the new one.
        for field in ("decorator_list", "bases", "keywords", "returns"):
            value = getattr(node, field, None)
            if isinstance(value, list):
                setattr(node, field, [self.visit(v) for v in value])
            elif value is not None:
                setattr(node, field, self.visit(value))
        if getattr(node, "args", None) is not None and \
                not isinstance(node, ast.Lambda):
            self._visit_arguments_outside(node.args)
        elif isinstance(node, ast.Lambda):
            self._visit_arguments_outside(node.args)

        def inner():
            if isinstance(node, ast.Lambda):
                node.body = self.visit(node.body)
            else:
                node.body = [self.visit(s) for s in node.body]
        return self._in_scope(node, inner)

    def _visit_arguments_outside(self, args):
        args.defaults = [self.visit(d) for d in args.defaults]
        args.kw_defaults = [self.visit(d) if d is not None else None
                            for d in args.kw_defaults]
        for a in args.posonlyargs + args.args + args.kwonlyargs + \
                [args.vararg, args.kwarg]:
            if a is not None and a.annotation is not None:
                a.annotation = self.visit(a.annotation)

    visit_FunctionDef = _visit_def
    visit_AsyncFunctionDef = _visit_def
    visit_Lambda = _visit_def
    visit_ClassDef = _visit_def

    def _visit_comp(self, node):
        # The first iterable is evaluated in the enclosing scope.
        node.generators[0].iter = self.visit(node.generators[0].iter)

        def inner():
            for i, gen in enumerate(node.generators):
                gen.target = self.visit(gen.target)
                if i:
                    gen.iter = self.visit(gen.iter)
                gen.ifs = [self.visit(x) for x in gen.ifs]
            if isinstance(node, ast.DictComp):
                node.key = self.visit(node.key)
                node.value = self.visit(node.value)
            else:
                node.elt = self.visit(node.elt)
        return self._in_scope(node, inner)

    visit_ListComp = _visit_comp
    visit_SetComp = _visit_comp
    visit_DictComp = _visit_comp
    visit_GeneratorExp = _visit_comp


def _defer_call(stmt):
    if isinstance(stmt, ast.Import):
        kind, module, level = "import", "", 0
        names = [(a.name, a.asname) for a in stmt.names]
    else:
        kind, module, level = "from", stmt.module or "", stmt.level
        names = [(a.name, a.asname) for a in stmt.names]
    return ast.Call(
        func=ast.Name(id=DEFER, ctx=ast.Load()),
        args=[ast.Constant(value=kind), ast.Constant(value=module),
              ast.Constant(value=level),
              ast.Tuple(elts=[ast.Tuple(elts=[ast.Constant(value=n),
                                              ast.Constant(value=a)],
                                        ctx=ast.Load()) for n, a in names],
                        ctx=ast.Load())],
        keywords=[])


class _Wrapper(ast.NodeTransformer):
    """Replaces each eligible import statement by the deferring `if`."""

    def __init__(self, statements):
        self.ids = {id(s) for s in statements}

    def generic_visit(self, node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                             ast.ClassDef, ast.Lambda, ast.Try)) or \
                type(node).__name__ == "TryStar":
            return node
        return super().generic_visit(node)

    def _wrap(self, node):
        if id(node) not in self.ids:
            return node
        test = ast.UnaryOp(op=ast.Not(), operand=_defer_call(node))
        return ast.copy_location(ast.If(test=test, body=[node], orelse=[]),
                                 node)

    visit_Import = _wrap
    visit_ImportFrom = _wrap


def transform(source, path):
    """The code object of a module with PEP 810's lazy names."""
    tree = ast.parse(source, path)
    statements = []
    _eligible_imports(tree.body, statements)
    if not statements:
        return compile(tree, path, "exec", dont_inherit=True)
    candidates = set()
    for s in statements:
        candidates.update(_bound_names(s))
    try:
        top = symtable.symtable(source, path, "exec")
        scopes = _Scopes(top)
    except (SyntaxError, ValueError):
        top, scopes = None, None
    tree = _Transformer(candidates, scopes, top).visit(tree)
    tree = _Wrapper(statements).visit(tree)
    ast.fix_missing_locations(tree)
    return compile(tree, path, "exec", dont_inherit=True)


# --- the run-time side ------------------------------------------------------


class LazyImport:
    """What a deferred import binds: reified when its name is loaded."""

    __slots__ = ("_state", "_globals", "_kind", "_module", "_level",
                 "_name", "_asname", "_also", "_value", "_done", "_resolving")

    def __init__(self, state, g, kind, module, level, name, asname):
        self._state, self._globals = state, g
        self._kind, self._module, self._level = kind, module, level
        self._name, self._asname = name, asname
        self._also = []  # earlier `import a.x` binding the same `a`
        self._done = False
        self._resolving = False
        self._value = None

    def target(self):
        if self._kind == "import":
            return self._name
        return _resolve_name(self._module, self._globals, self._level)

    def resolve(self):
        if self._done:
            return self._value
        self._resolving = True
        try:
            return self._resolve()
        finally:
            self._resolving = False

    def _resolve(self):
        g = self._globals
        imp = builtins.__import__
        if self._kind == "import":
            for other in self._also:
                other.resolve()
            top = imp(self._name, g, None, None, 0)
            if self._asname:
                value = sys.modules[self._name]
            else:
                value = top
        else:
            mod = imp(self._module, g, None, (self._name,), self._level)
            try:
                value = getattr(mod, self._name)
                if type(value) is LazyImport:
                    # `from . import sub` in the package itself, reached
                    # through the package's plain dict: its own proxy.
                    raise AttributeError(self._name)
            except AttributeError:
                sub = "%s.%s" % (mod.__name__, self._name)
                if sub not in sys.modules:
                    try:
                        importlib.import_module(sub)
                    except ModuleNotFoundError as e:
                        if e.name != sub:
                            raise
                        raise ImportError(
                            "cannot import name %r from %r" % (
                                self._name, mod.__name__)) from None
                value = sys.modules[sub]
        self._value, self._done = value, True
        self._state.reified(self)
        return value

    def __repr__(self):
        return "<lazy import %s>" % self.target()


def _still_bound(g, name, proxy):
    """Whether g[name] may be rebound to the proxy's value: it still holds
    the proxy, or the import the proxy ran has just set g's own submodule
    `name` there (`from .powsimp import powsimp` in a package: the import
    system binds the submodule first, the from-import then the function,
    as eagerly)."""
    current = g.get(name)
    if current is proxy:
        return True
    return proxy._kind == "from" and isinstance(current, types.ModuleType) \
        and current is sys.modules.get("%s.%s" % (g.get("__name__"), name))


def _resolve_name(module, g, level):
    if not level:
        return module
    package = g.get("__package__") or ""
    if not package and g.get("__spec__") is not None:
        package = g["__spec__"].parent
    base = package.rsplit(".", level - 1)[0] if level > 1 else package
    return "%s.%s" % (base, module) if module else base


class _ProxyModule(types.ModuleType):
    """The class of a module while it holds lazy names: another module's
    `mod.name` reifies them. Also the class of a package with lazily
    imported submodules: `pkg.sub` loads a submodule that a deferred
    `import pkg.sub` (anywhere) has named, as CPython 3.15 resolves
    un-loaded lazy submodules in the module's attribute lookup."""

    def __getattribute__(self, attr):
        value = types.ModuleType.__getattribute__(self, attr)
        if type(value) is LazyImport:
            if value._resolving:
                # `from . import sub` in pkg itself, being reified: the
                # import system must see no attribute yet, import pkg.sub
                # and set it on pkg.
                raise AttributeError(attr)
            real = value.resolve()
            d = types.ModuleType.__getattribute__(self, "__dict__")
            if _still_bound(d, attr, value):
                d[attr] = real
            return real
        return value

    def __getattr__(self, attr):
        name = types.ModuleType.__getattribute__(self, "__dict__").get(
            "__name__")
        if _STATE is not None and attr in _STATE.lazy_submodules.get(name, ()):
            sub = "%s.%s" % (name, attr)
            importlib.import_module(sub)
            try:
                return types.ModuleType.__getattribute__(self, attr)
            except AttributeError:
                return sys.modules[sub]
        raise AttributeError("module %r has no attribute %r" % (name, attr))


_STATE = None  # the emulation's State, once installed


def _watch(mod):
    """Gives a plain module the class that resolves lazy names."""
    if mod is not None and type(mod) is types.ModuleType:
        mod.__class__ = _ProxyModule


class State:
    def __init__(self, manifest):
        self.manifest = manifest
        self.deferred = 0
        self.proxies = []
        self.pending = {}  # module name -> unresolved proxies bound there
        # package -> submodule names a deferred import statement has named
        self.lazy_submodules = {}

    def _register_on_parents(self, name):
        """`import a.b.c` deferred: a.b.c is reachable as an attribute of
        a.b (and a.b of a) once they load, as in CPython 3.15."""
        parts = name.split(".")
        for i in range(1, len(parts)):
            parent = ".".join(parts[:i])
            self.lazy_submodules.setdefault(parent, set()).add(parts[i])
            _watch(sys.modules.get(parent))

    def defer(self, g, kind, module, level, names):
        importer = g.get("__name__")
        if kind == "import":
            for name, asname in names:
                if self.manifest.keeps_eager(importer, name, None):
                    return False
        else:
            resolved = _resolve_name(module, g, level)
            fromlist = tuple(n for n, _ in names)
            if self.manifest.keeps_eager(importer, resolved, fromlist):
                return False
        if kind == "import":
            for name, _ in names:
                self._register_on_parents(name)
        else:
            self._register_on_parents(resolved)
        for name, asname in names:
            bound = asname or (name.split(".")[0] if kind == "import"
                               else name)
            proxy = LazyImport(self, g, kind, module, level, name, asname)
            previous = g.get(bound)
            if kind == "import" and not asname and \
                    type(previous) is LazyImport and \
                    previous._kind == "import" and not previous._asname:
                proxy._also.append(previous)
            g[bound] = proxy
            self.proxies.append((importer, proxy))
            self.pending[importer] = self.pending.get(importer, 0) + 1
            self.deferred += 1
        mod = sys.modules.get(importer)
        if mod is not None and type(mod) is types.ModuleType:
            mod.__class__ = _ProxyModule
        return True

    def reified(self, proxy):
        importer = proxy._globals.get("__name__")
        left = self.pending.get(importer, 0) - 1
        self.pending[importer] = left
        mod = sys.modules.get(importer)
        if left <= 0 and mod is not None and type(mod) is _ProxyModule and \
                importer not in self.lazy_submodules:
            mod.__class__ = types.ModuleType

    def report(self):
        never = sorted({p.target() for _, p in self.proxies
                        if not p._done and p.target() not in sys.modules})
        return {"deferred": sorted({p.target() for _, p in self.proxies}),
                "never_executed": never,
                "deferred_statements": self.deferred}


def _install_helpers(state):
    """The two functions transformed code calls, as builtins: a module's
    globals are the caller's (deferring) or the proxy's own (loading)."""

    def defer(kind, module, level, names):
        return state.defer(sys._getframe(1).f_globals, kind, module, level,
                           names)

    def load(value, name):
        if type(value) is not LazyImport:
            return value
        real = value.resolve()
        g = value._globals
        if _still_bound(g, name, value):
            g[name] = real
        return real

    setattr(builtins, DEFER, defer)
    setattr(builtins, LOAD, load)


def _cache_dir():
    base = os.environ.get("LAZYRUN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
        "lazyrun")
    return base


class Pep810Loader(importlib.machinery.SourceFileLoader):
    """Loads source modules compiled from the transformed tree."""

    def exec_module(self, module):
        if _STATE is not None and module.__name__ in _STATE.lazy_submodules:
            _watch(module)
        super().exec_module(module)

    def get_code(self, fullname):
        path = self.get_filename(fullname)
        data = self.get_data(path)
        key = hashlib.sha1(TRANSFORM_VERSION + sys.version.encode() +
                           path.encode("utf-8", "surrogateescape") + b"\0" +
                           data).hexdigest()
        cache = os.path.join(_cache_dir(), key[:2], key + ".bin")
        try:
            with open(cache, "rb") as f:
                return marshal.loads(f.read())
        except (OSError, ValueError, EOFError, TypeError):
            pass
        source = importlib.util.decode_source(data)
        code = transform(source, path)
        try:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            tmp = "%s.%d.tmp" % (cache, os.getpid())
            with open(tmp, "wb") as f:
                f.write(marshal.dumps(code))
            os.replace(tmp, cache)
        except OSError:
            pass
        return code


class Pep810Finder(importlib.abc.MetaPathFinder):
    def __init__(self, state):
        self.state = state

    def find_spec(self, fullname, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or type(spec.loader) is not \
                importlib.machinery.SourceFileLoader:
            return spec
        spec.loader = Pep810Loader(fullname, spec.loader.path)
        return spec


class NativeState:
    """CPython 3.15+: the interpreter does it all."""

    def __init__(self, manifest):
        def lazy_filter(importer, name, fromlist):
            return not manifest.keeps_eager(importer, name, fromlist)
        sys.set_lazy_imports_filter(lazy_filter)
        sys.set_lazy_imports("all")

    def report(self):
        return {"native": True}


def install(manifest):
    if hasattr(sys, "set_lazy_imports_filter"):
        return NativeState(manifest)
    global _STATE
    state = State(manifest)
    _STATE = state
    _install_helpers(state)
    sys.meta_path.insert(0, Pep810Finder(state))
    return state


def run_script(path):
    """Runs a script as __main__ from its transformed code (runpy would
    compile it unchanged)."""
    with open(path, "rb") as f:
        data = f.read()
    code = transform(importlib.util.decode_source(data), path)
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = builtins
    main.__spec__ = None
    main.__loader__ = None
    main.__package__ = None
    sys.modules["__main__"] = main
    exec(code, main.__dict__)
