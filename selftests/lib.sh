# SPDX-License-Identifier: GPL-2.0
# Shared by the tquic selftests: KTAP sub-results and assertions.
# Each test prints "ok N desc" / "not ok N desc" for its checks and exits
# 0 when all passed, 1 when one failed, 4 (KSFT_SKIP) when it cannot run.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

_n=0
_failed=0

ktap_begin() {
	echo "TAP version 13"
	echo "1..$1"
}

ok() {
	_n=$((_n + 1))
	echo "ok $_n $*"
}

not_ok() {
	_n=$((_n + 1))
	_failed=$((_failed + 1))
	echo "not ok $_n $*"
}

# check DESC CMD...: one sub-result from a command's exit status.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# expect_eq DESC EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   expected: '$2'"
		echo "#   actual:   '$3'"
	fi
}

ktap_finish() {
	[ $_failed -eq 0 ] && exit $KSFT_PASS
	echo "# $_failed of $_n checks failed"
	exit $KSFT_FAIL
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit $KSFT_SKIP
}

require() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip_all "$c not found"
	done
	[ "$(id -u)" = 0 ] || skip_all "needs root"
}

# wait_for SECONDS CMD...: poll a condition instead of sleeping blindly.
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.1
	done
}

# tq_info NS DEV JQ: evaluate JQ on DEV's tquic configuration, as the
# plugin shows it in ip -j -d output.
tq_info() {
	ip -n "$1" -j -d link show dev "$2" |
		jq -r ".[0].linkinfo.info_data | $3"
}

# count_tquic [IP-OPTIONS]: tquic links in a namespace. By kind, not with
# "type tquic": with the module unloaded the kernel ignores that filter.
count_tquic() {
	ip "$@" -j -d link show |
		jq '[.[] | select(.linkinfo.info_kind == "tquic")] | length'
}
