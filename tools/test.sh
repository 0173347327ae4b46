#!/usr/bin/env bash
# The whole test suite, as CI runs it:
#   1. Release build with -Werror, all tests (unit, fixtures, stdlib
#      comparison, bad input, determinism);
#   2. the end-to-end programs (tests/e2e) on Debian's libraries, which
#      this installs: each run lazily with its manifest in both lazyrun
#      modes must behave as it does eagerly;
#   3. AddressSanitizer + UndefinedBehaviorSanitizer build, all tests;
#   4. ThreadSanitizer build, the tests that exercise the parallel code.
# Set LAZYCHECK_TEST_QUICK=1 to run only step 1, LAZYCHECK_TEST_E2E=0 to
# skip step 2.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh --deps-only

run() { # NAME CMAKE-ARGS... ; then ctest with $CTEST_ARGS
  local dir=$1; shift
  echo "== $dir"
  cmake -S . -B "$dir" -DLAZYCHECK_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
  ctest --test-dir "$dir" --output-on-failure ${CTEST_ARGS:-}
}

run build -DCMAKE_BUILD_TYPE=Release
if [ "${LAZYCHECK_TEST_QUICK:-0}" != 1 ] && [ "${LAZYCHECK_TEST_E2E:-1}" != 0 ]; then
  echo "== e2e"
  bash tools/setup.sh --e2e
  /usr/bin/python3 tests/e2e/run_e2e.py --lazycheck build/lazycheck
fi
if [ "${LAZYCHECK_TEST_QUICK:-0}" != 1 ]; then
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLAZYCHECK_SANITIZE=address
  TSAN_OPTIONS=halt_on_error=1 CTEST_ARGS="-L parallel" \
    run build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLAZYCHECK_SANITIZE=thread
fi
echo "test.sh: all test runs passed"
