//===- EngineDiagnostics.cpp - LC001..LC006 engine diagnostics ------------===//
//
// The documentation of the diagnostics the engine itself reports when
// the input cannot be read or parsed as given.
//
//===----------------------------------------------------------------------===//
#include "Catalogue.h"

namespace lazycheck {

extern const char DocLC001[];
const char DocLC001[] = R"md(LC001 syntax-error

What it does
  Reports a file that does not parse as Python: the first place the
  parser found an error or a missing token, and how many such regions
  the file has. It also reports `lazy import` and `lazy from` where
  CPython rejects them: inside functions, classes or try statements,
  in star imports and in `from __future__` imports.

Why it matters for lazy imports
  lazycheck still extracts facts from the parts that parsed, but
  imports, effects and reads inside the broken region are missing, so
  findings for this module and the modules it reaches may be
  incomplete. Python itself cannot import the file; under PEP 810 a
  lazy import of it fails only at the first use of the name, far from
  the import statement.

Example
  # app/broken.py
  def load(path:                     # lazycheck: LC001
      return open(path).read()

  def later():
      lazy import json               # lazycheck: LC001

Use instead
  Fix the syntax. If the file is deliberately not Python (a template,
  test data for a parser), leave it out with `--exclude GLOB`. If the
  file is valid for the Python you run, the grammar may be behind the
  language: please report it with the smallest snippet that shows it.

Known limitations
  Only the first error region is located; later ones are counted.
)md";

extern const char DocLC002[];
const char DocLC002[] = R"md(LC002 source-encoding

What it does
  Reports a file that is not valid text in the encoding it declares:
  bytes that are not valid UTF-8 (replaced with U+FFFD), a coding
  cookie lazycheck cannot decode (the file is read as UTF-8; UTF-8,
  ASCII, Latin-1 and Windows-1252 are understood), a UTF-8 byte order
  mark contradicting the cookie, NUL bytes, and file names that are
  not valid UTF-8. The location is the first bad byte.

Why it matters for lazy imports
  The analysis continues on the repaired text, so names and strings
  around the bad bytes may be wrong. Python refuses to import a file
  with a BOM that contradicts its cookie, NUL bytes or undecodable
  bytes; under PEP 810 a lazy import of such a module fails only at
  the first use of its name, not at the import statement.

Example
  # -*- coding: utf-8 -*-
  # app/legacy.py, saved in Latin-1 by an old editor
  GREETING = "Grüße"                 # lazycheck: LC002

Use instead
  Re-save the file as UTF-8 and drop the cookie (UTF-8 is Python's
  default), or declare the encoding the file is really in. Remove
  stray NUL bytes. If the file is not meant to be imported, leave it
  out with `--exclude GLOB`.

Known limitations
  Encodings other than UTF-8, ASCII, Latin-1 and Windows-1252 are
  decoded as UTF-8; a file in such an encoding that Python reads
  correctly still gets this diagnostic.
)md";

extern const char DocLC003[];
const char DocLC003[] = R"md(LC003 unreadable-path

What it does
  Reports a path that could not be read and was skipped: a path given
  on the command line that does not exist or is neither a regular file
  nor a directory, a directory that cannot be listed, a .py file that
  cannot be opened, or a symbolic link to a .py file whose target is
  missing. The message carries the operating system's reason.

Why it matters for lazy imports
  A skipped file is a module lazycheck knows nothing about: imports of
  it stay unresolved, its import-time effects are unknown and no
  findings or manifest entries come from it. The rest of the analysis
  is still correct for what it saw, but the manifest may miss modules
  that must stay eager.

Example
  $ lazycheck check src
  src/app/secret.py: error: cannot read file: Permission denied [LC003]

Use instead
  Make the path readable by the user running lazycheck (permissions,
  a mounted volume, a dangling link), or leave it out deliberately
  with `--exclude GLOB` if it is not part of the code to analyse. It
  is an error, so with the default --fail-on a CI run fails instead
  of silently analysing less than it should.

Known limitations
  Links are followed; a link to a directory that cannot be read is
  reported like the directory itself.
)md";

extern const char DocLC004[];
const char DocLC004[] = R"md(LC004 symlink-loop

What it does
  Reports a directory reached through a symbolic link that leads back
  to one of its own ancestors, such as `src/app/self -> .`. The link is
  not walked again, so the walk ends; every file below the real
  directory is analysed once, under its real path. A directory reached
  twice through links without a loop is walked once, silently.

Why it matters for lazy imports
  Nothing is lost from the analysis. The diagnostic exists because
  Python's import system follows such a link: the package becomes
  importable under endless names (app.self, app.self.self, ...), each
  a separate module whose body, import-time effects included, runs
  again when imported under that name. lazycheck analyses the real
  path only, so effects run through such an alias are not attributed
  to it.

Example
  $ ls -l src/app/self
  lrwxrwxrwx 1 dev dev 1 Jan 1 12:00 src/app/self -> .
  $ lazycheck check src
  src/app/self: warning: symbolic link loop: this directory is one of
    its own ancestors; not walked again [LC004]

Use instead
  Remove the link, or point it somewhere that is not an ancestor. If
  another tool needs the link, leave it out of the analysis with
  `--exclude GLOB` (for example --exclude 'app/self').

Known limitations
  Loops are recognised by device and inode of the directories, so a
  bind mount that makes a directory its own descendant is reported
  the same way.
)md";

extern const char DocLC005[];
const char DocLC005[] = R"md(LC005 file-too-large

What it does
  Reports a .py file larger than the size limit, 64 MiB, which is
  skipped without being read. Files this large are almost always
  generated data (embedded tables, serialised models, vendored
  bundles), not hand-written modules.

Why it matters for lazy imports
  A skipped file is a module lazycheck knows nothing about: imports of
  it stay unresolved and its import-time effects are unknown, so the
  manifest cannot say whether it must stay eager. Importing a module
  this large is itself slow, which makes it a natural candidate for a
  lazy import once you know it has no effects.

Example
  $ lazycheck check src
  src/app/_tables.py: warning: file is 180 MiB, over the 64 MiB limit;
    skipped [LC005]

Use instead
  Keep data out of source code: store it as a data file read with
  importlib.resources, or generate it at build time into a format
  Python loads quickly. If the file is not meant to be analysed, leave
  it out with `--exclude GLOB`, which also removes the warning.

Known limitations
  The limit is fixed. A skipped module is treated as unknown, not as
  free of effects: check it by hand before making its imports lazy.
)md";

extern const char DocLC006[];
const char DocLC006[] = R"md(LC006 duplicate-module

What it does
  Reports a file whose module name is already taken by another file in
  the analysed paths, when no longer name can tell them apart. The
  file Python would import under that name (the resolver's choice,
  following the order of the roots and sys.path) is analysed; the
  other is skipped and named in this diagnostic, together with the
  file that won.

Why it matters for lazy imports
  The skipped file's imports and effects are not in the analysis. If
  the program really imports it (another entry point, a different
  working directory, an installed copy), the manifest may miss a
  module that must stay eager. Two files for one name usually mean a
  build directory or a second checkout inside the tree.

Example
  $ lazycheck check . --root src --root build/lib
  build/lib/app/cli.py: warning: module 'app.cli' is also defined by
    src/app/cli.py, which Python imports; this file is not analysed
    [LC006]

Use instead
  Leave out copies and build output with `--exclude GLOB` (for example
  --exclude build), or name the real source roots with `--root DIR`
  so that each file gets the module name it has at run time. For a
  module next to a package of the same name (app.py and app/), remove
  one of them: Python imports the package.
)md";

} // namespace lazycheck
