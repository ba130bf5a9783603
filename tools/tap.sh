# SPDX-License-Identifier: GPL-2.0
# Sourced by the tools' test.sh: TAP result lines, a scratch directory, and
# sanitizer settings. Leaves n, failed, rc, out, err and tmp to the test.

# A sanitizer report must not pass for the exit status 1 of a refused input.
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

n=0 failed=0 rc='' out='' err=''

# tap NAME: the exit status of the command just before, as a TAP line.
tap() {
	local status=$?

	n=$((n + 1))
	if [ "$status" = 0 ]; then
		echo "ok $n - $1"
		return
	fi
	echo "not ok $n - $1"
	failed=$((failed + 1))
	printf 'rc=%s\nstdout: %s\nstderr: %s\n' "$rc" "$out" "$err" |
		sed 's/^/# /'
}

# skip NAME REASON: under make kselftest (TQUIC_NO_SKIP=1) every tool is
# provided, so a test that cannot run is a failure there.
skip() {
	n=$((n + 1))
	if [ -n "${TQUIC_NO_SKIP:-}" ]; then
		echo "not ok $n - $1 # cannot run: $2"
		failed=$((failed + 1))
	else
		echo "ok $n - $1 # SKIP $2"
	fi
}

tap_finish() {
	echo "1..$n"
	[ "$failed" = 0 ]
}
