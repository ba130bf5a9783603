# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# A selftest's network namespaces, scratch directory and background jobs,
# with the one exit trap that removes them all (tq_test_setup, tq_cleanup);
# polls and clocks (tq_wait_for, tq_took_ms, tq_now_ms, tq_sleep_until);
# small probes into a namespace (tq_pings, tq_tcp_listening,
# tq_nft_counted).

# shellcheck source=lib/ktap.sh
. "${BASH_SOURCE[0]%/*}/ktap.sh"

# tq_test_setup TAG [NAME...]: names for this test's namespaces, unique to
# the test and its process: tq-TAG-c-PID in $C (the client), likewise $S
# (the server), $R1 and $R2 (routers), and one more variable for each NAME
# the test asks for (tq_test_setup lc A B: $A is tq-lc-a-PID). Each is made
# only when the test needs it. Also a scratch directory $tmp, the list
# $pids of the test's background jobs, and the exit trap that removes all
# of them (tq_cleanup).
tq_test_setup() {
	local tag=$1 v
	shift
	tq_netns=()
	for v in C S R1 R2 "$@"; do
		printf -v "$v" '%s' "tq-$tag-${v,,}-$$"
		tq_netns+=("${!v}")
	done
	tmp=$(mktemp -d)
	pids=()
	_tq_at_cleanup=()
	trap tq_cleanup EXIT
}

# tq_at_cleanup CMD...: have tq_cleanup run CMD first, for what a test
# changes outside its namespaces and scratch directory (a module it
# removed, a debugfs knob, a link in the initial namespace).
tq_at_cleanup() {
	_tq_at_cleanup+=("$*")
}

# tq_cleanup: the exit trap of tq_test_setup. The tq_at_cleanup commands,
# then the background jobs killed and reaped, the namespaces deleted, the
# scratch directory removed.
tq_cleanup() {
	local ns c
	for c in "${_tq_at_cleanup[@]}"; do
		eval "$c"
	done
	[ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
	for ns in "${tq_netns[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$tmp"
}

# tq_wait_for SECONDS CMD...: poll a condition instead of sleeping blindly.
tq_wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.1
	done
}

# tq_took_ms SECS CMD...: tq_wait_for SECS CMD...; prints the milliseconds it
# took, or "never" when it timed out (and is false then).
tq_took_ms() {
	local t0
	t0=$(tq_now_ms)
	if tq_wait_for "$@"; then
		echo $(($(tq_now_ms) - t0))
	else
		echo never
		return 1
	fi
}

# tq_now_ms: wall-clock milliseconds, without a fork.
tq_now_ms() {
	local us=${EPOCHREALTIME/./}
	echo $((us / 1000))
}

# tq_sleep_until MS: sleep until tq_now_ms reaches MS (at once if it has).
tq_sleep_until() {
	local d=$(($1 - $(tq_now_ms)))
	[ $d -gt 0 ] && sleep "$((d / 1000)).$(printf %03d $((d % 1000)))"
	return 0
}

# tq_pings NS ADDR: one ping answered within a second.
tq_pings() {
	ip netns exec "$1" ping -q -c 1 -W 1 "$2" > /dev/null 2>&1
}

# tq_tcp_listening NS PORT: a TCP socket listens on PORT in NS.
tq_tcp_listening() {
	ip netns exec "$1" ss -Htln "sport = :$2" | grep -q .
}

# tq_nft_counted NS TABLE: packets the counters of NS's ip table TABLE have
# counted, all its rules together.
tq_nft_counted() {
	ip netns exec "$1" nft -j list table ip "$2" |
		jq '[.nftables[].rule.expr[]?.counter.packets // empty] | add // 0'
}
