#!/usr/bin/env bash
# Installs what lazycheck needs on Debian 12 (as root) and builds it.
#   bash tools/setup.sh              install packages, build Release into build/
#   bash tools/setup.sh --deps-only  install packages only
#   bash tools/setup.sh --e2e        install the libraries of the end-to-end
#                                    programs (tests/e2e) only
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake pkg-config python3 llvm-15-dev libtbb-dev
          doctest-dev libtree-sitter-dev libtomlplusplus-dev libicu-dev
          libjemalloc-dev)
if [ "${1:-}" = "--e2e" ]; then
  PACKAGES=(python3-torch python3-pandas python3-sklearn python3-scipy
            python3-matplotlib python3-sympy python3-numba python3-django
            python3-click python3-pytest python3-ipython)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ "${1:-}" = "--deps-only" ] || [ "${1:-}" = "--e2e" ] && exit 0

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
echo "setup: built build/lazycheck"
