#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The project's test command (make kselftest): host checks and unit tests,
# then, for every test kernel (Debian 6.1, 6.12, and the debug 6.12), a
# W=1/sparse module build and every selftest in a qemu VM. Ends with
# "N passed, N failed" over everything.
#
# Usage: kselftest.sh [-t TEST] [-k KERNEL] | -b [-t BENCH] [-k KERNEL]
#   -t TEST    only this selftest (name with or without .sh), no host checks
#   -k KERNEL  only this kernel: a Debian release, or "debug"
#   -b         the benchmarks (bench/*.sh: single path, aggregation; the
#              soak only when -t names it, as it runs for minutes to days:
#              bench/soak.sh) instead of the selftests, in one VM of one
#              kernel (Debian 6.12 unless -k says otherwise), no host
#              checks (make bench)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/lib.sh

only_test= only_kver= bench=
while getopts "t:k:b" opt; do
	case $opt in
	t) only_test=${OPTARG%.sh}.sh ;;
	k) only_kver=$OPTARG ;;
	b) bench=1 ;;
	*) echo "usage: $0 [-t TEST] [-k KVER] | -b [-k KVER]" >&2; exit 2 ;;
	esac
done

scripts/deps.sh || exit 1
log=$(mktemp "${TMPDIR:-/tmp}/tquic-kselftest.XXXXXX")
trap 'rm -f "$log"' EXIT
start=$SECONDS

tests=$(make -s -C selftests list)
debug_tests=$(make -s -C selftests list-debug)
if [ -n "$only_test" ] && [ -z "$bench" ]; then
	# A selftest not (yet) in the lists runs on the Debian kernels.
	[ -f "selftests/$only_test" ] && ! grep -qw -- "$only_test" <<< "$debug_tests" &&
		tests="$tests $only_test"
	grep -qw -- "$only_test" <<< "$tests $debug_tests" ||
		{ echo "no selftest $only_test (have: $tests $debug_tests)" >&2; exit 2; }
	grep -qw -- "$only_test" <<< "$tests" && tests=$only_test || tests=
	grep -qw -- "$only_test" <<< "$debug_tests" && debug_tests=$only_test || debug_tests=
fi
kernels=$(test_kernels)
if [ -n "$bench" ]; then
	if [ -n "$only_test" ]; then
		bench=bench/$only_test
		[ -f "$bench" ] || { echo "no bench $bench" >&2; exit 2; }
	else
		bench=$(for f in bench/*.sh; do [ "$f" = bench/soak.sh ] || echo "$f"; done)
	fi
	only_test=$bench tests=$bench debug_tests=
	[ -n "$only_kver" ] || only_kver=$(grep -m1 '^6\.12\.' <<< "$kernels")
fi
# A kernel may be named by its release or a prefix of it: 6.1, 6.12, debug.
if [ -n "$only_kver" ]; then
	picked=$(grep -xE -- "$(sed 's/[.+]/\\&/g' <<< "$only_kver")([.+-].*)?" <<< "$kernels")
	[ "$(wc -l <<< "$picked")" = 1 ] && [ -n "$picked" ] ||
		{ echo "no single test kernel '$only_kver' (have: $(echo $kernels))" >&2; exit 2; }
	kernels=$picked
fi

n=0
# step NAME CMD...: one top-level result, the command's output as comments.
step() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	n=$((n + 1))
	[ -n "$out" ] && sed 's/^/# /' <<< "$out"
	if [ $rc -eq 0 ]; then echo "ok $n $name"; else echo "not ok $n $name"; fi
	return $rc
}

# build_module KERNEL: without a single compiler or sparse warning. The
# debug kernel's build also carries the KUnit suites.
build_module() {
	local out
	kernel_env "$1" || return 1
	out=$(make -s module KVER="$KVER" KDIR="$KDIR" KUNIT="$KDEBUG" W=1 C=1 2>&1)
	echo "$out"
	! grep -E 'warning:|error:' <<< "$out"
}

host_block() {
	local k unit
	echo "TAP version 13"
	echo "# host"
	step "build: userspace" make -s userspace
	for k in $kernels; do
		step "build: tquic.ko for $k kernel (W=1 C=1)" build_module "$k"
	done
	if [ -z "$only_test" ]; then
		step "checkpatch --strict" scripts/checkpatch.sh
		for unit in $(scripts/check-unit.sh --list); do
			step "unit: $unit" scripts/check-unit.sh "$unit"
		done
	fi
	echo "1..$n"
}

# A debug kernel under TCG runs several times slower than Debian's.
DEBUG_SLOWDOWN=4

vm_block() {
	local k=$1 ko list=$tests slowdown=1
	kernel_env "$k" || { echo "not ok 1 vm: $k # no such kernel"; return; }
	ko=build/$KVER/drivers/net/tquic/tquic.ko
	if [ ! -f "$ko" ] || [ ! -f iproute2-plugin/link_tquic.so ]; then
		echo "not ok 1 vm: $k # nothing to test, build failed"
		return
	fi
	if [ "$KDEBUG" = 1 ]; then
		list="$tests $debug_tests"
		slowdown=$DEBUG_SLOWDOWN
	fi
	# shellcheck disable=SC2086
	selftests/vm/run.sh "$KVER" "$ko" "$KIMAGE" "$MODROOT" "$slowdown" $list ||
		echo "not ok 0 vm: $k # VM failed or its kernel log is not clean"
}

{
	host_block
	for k in $kernels; do
		vm_block "$k"
	done
} 2>&1 | tee "$log"

# A skip means the harness failed to provide a tool or option: a failure.
skips=$(grep -cE '^ok [0-9]+ .*# SKIP' "$log")
passed=$(grep -E '^ok [0-9]+ ' "$log" | grep -vc '# SKIP')
failed=$(( $(grep -cE '^not ok [0-9]+ ' "$log") + skips ))
[ "$skips" -gt 0 ] && echo "# $skips skipped tests counted as failed: the harness provides every tool and option"
echo "# kernels: $(echo $kernels), $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
