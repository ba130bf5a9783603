# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The tquic selftests' KTAP output and assertions: each test prints
# "ok N desc" / "not ok N desc" for its checks and exits 0 when all passed,
# 1 when one failed, 4 (KSFT_SKIP) when it cannot run. Also what a test
# asks of its environment (tq_require) and the kind of kernel it runs on
# (tq_debug_kernel). Sourced through the other lib/*.sh files.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

_n=0
_failed=0

tq_ktap_begin() {
	echo "TAP version 13"
	echo "1..$1"
}

tq_ok() {
	_n=$((_n + 1))
	echo "ok $_n $*"
}

tq_not_ok() {
	_n=$((_n + 1))
	_failed=$((_failed + 1))
	echo "not ok $_n $*"
}

# tq_check DESC CMD...: one sub-result from a command's exit status.
tq_check() {
	local desc=$1
	shift
	if "$@"; then tq_ok "$desc"; else tq_not_ok "$desc"; fi
}

# tq_expect_eq DESC EXPECTED ACTUAL
tq_expect_eq() {
	if [ "$2" = "$3" ]; then
		tq_ok "$1"
	else
		tq_not_ok "$1"
		echo "#   expected: '$2'"
		echo "#   actual:   '$3'"
	fi
}

tq_ktap_finish() {
	[ $_failed -eq 0 ] && exit $KSFT_PASS
	echo "# $_failed of $_n checks failed"
	exit $KSFT_FAIL
}

tq_skip_all() {
	echo "1..0 # SKIP $*"
	exit $KSFT_SKIP
}

tq_require() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || tq_skip_all "$c not found"
	done
	[ "$(id -u)" = 0 ] || tq_skip_all "needs root"
}

# tq_debug_kernel: true in the debug kernel's VM (vm/init.sh), where KASAN and
# lockdep make throughput no measure of the tunnel: tests report it there
# instead of asserting it. Functional assertions are the same everywhere.
tq_debug_kernel() { [ "${TQUIC_DEBUG_KERNEL:-0}" = 1 ]; }

# tq_ratio A B: A/B to two decimals (0 when B is 0).
tq_ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# tq_at_least A B, tq_at_most A B: comparisons of decimal numbers.
tq_at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
tq_at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
