//===- GlobalConfiguration.cpp - LC104 global-configuration ---------------===//
//
// Import-time calls and stores that change configuration the whole
// process shares, as catalogued in knowledge.toml.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"

namespace lazycheck {

extern const char DocLC104[];
const char DocLC104[] = R"md(LC104 global-configuration

What it does
  Finds import-time calls and stores that change settings the whole
  process shares: logging.basicConfig, warnings.filterwarnings,
  sys.setrecursionlimit, os.environ[...] = ..., random.seed,
  signal.signal, atexit.register, locale.setlocale, builtins.x = ...,
  sys.excepthook = ..., numpy.seterr, matplotlib.use and the rest of
  the knowledge catalogue. A module-level call of a function that does
  one of these, directly or through further calls, counts too. One-off
  calls and reads (logging.getLogger, os.environ.get, warnings.warn)
  are not effects.

Why it breaks under lazy imports
  The setting is applied when the module's body runs: under PEP 810 on
  first use of the name, under LazyLoader on first attribute access,
  and never if neither happens. Logging is unconfigured when the first
  records are emitted, a warnings filter misses what was raised before
  it, a signal handler or atexit hook is missing, a seed is set after
  numbers were drawn. When it happens depends on which code touches
  the module first, so different entry points behave differently.

Example
  # app/config.py
  import logging, os

  os.environ.setdefault("TZ", "UTC")       # lazycheck: LC104
  logging.basicConfig(level=logging.INFO)  # lazycheck: LC104

Use instead
  Configure the process in one place, from the entry point, before
  anything else runs; libraries should not configure it at all:

  # app/config.py
  def configure():
      os.environ.setdefault("TZ", "UTC")
      logging.basicConfig(level=logging.INFO)

  # app/__main__.py
  from app import config
  config.configure()

  Or keep the module eager (the manifest lists it as target-eager) or
  accept the finding with `# lazycheck: ignore[LC104]`.

Options
  The APIs come from rules/knowledge.toml. Add or override entries in
  [tool.lazycheck.knowledge.calls] and [tool.lazycheck.knowledge.stores]
  with rule = "LC104"; list wrappers that are harmless in
  [tool.lazycheck.knowledge.pure].
)md";

void checkGlobalConfiguration(Analysis &A) {
  reportImportTimeEffects(A, RuleId::LC104);
}

} // namespace lazycheck
