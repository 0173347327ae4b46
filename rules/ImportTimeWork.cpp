//===- ImportTimeWork.cpp - LC106 import-time-work ------------------------===//
//
// Import-time work with effects outside the process: threads, file
// writes, subprocesses, sockets and other I/O.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"

namespace lazycheck {

extern const char DocLC106[];
const char DocLC106[] = R"md(LC106 import-time-work

What it does
  Finds import-time work whose effects reach outside the Python
  process or outlive the import: starting threads and timers or
  multiprocessing processes, opening files for writing (open() with a
  mode containing w, a, x or +, Path.write_text), creating or removing
  files and directories, running subprocesses (subprocess.*,
  os.system), opening sockets or URLs, time.sleep. Reading files is
  not reported.

Why it breaks under lazy imports
  Deferred, the work happens when the module is first used (PEP 810:
  first use of the name; LazyLoader: first attribute access), in
  whatever thread, request or forked worker gets there first, or never.
  A directory or lock file appears after the code that expects it, a
  background thread starts once per forked worker instead of once in
  the parent, a network call's latency or failure lands in an
  unrelated code path. It is also exactly the start-up cost lazy
  imports are meant to avoid.

Example
  # app/telemetry.py
  import threading

  _worker = threading.Thread(target=_flush_loop, daemon=True)
  _worker.start()                    # lazycheck: LC106
  _log = open("/var/log/app/telemetry.log", "a")  # lazycheck: LC106

Use instead
  Do the work in a function the entry point calls (start(), init()),
  or on first need (a function that opens the file or starts the
  worker the first time it is called):

  def start():
      global _worker
      _worker = threading.Thread(target=_flush_loop, daemon=True)
      _worker.start()

  Or keep the module eager (the manifest lists it as target-eager) or
  accept the finding with `# lazycheck: ignore[LC106]`.
)md";

void checkImportTimeWork(Analysis &A) {
  reportImportTimeEffects(A, RuleId::LC106);
}

} // namespace lazycheck
