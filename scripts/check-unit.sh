#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Host unit tests (no VM): each suite is a `make check` that prints TAP.
# Usage: check-unit.sh            run every suite
#        check-unit.sh --list     name the suites
#        check-unit.sh SUITE      run one
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
SUITES=(iproute2-plugin tools/keygen tools/tquic tests/unit tests/crypto tests/noise tests/fuzz selftests/tools)

case "${1:-}" in
--list) printf '%s\n' "${SUITES[@]}"; exit 0 ;;
"") ;;
*) SUITES=("$1") ;;
esac

# Every tool a unit test needs is installed by deps.sh: no skipping.
export TQUIC_NO_SKIP=1
rc=0
for s in "${SUITES[@]}"; do
	make -s -C "$s" check || rc=1
done
exit $rc
