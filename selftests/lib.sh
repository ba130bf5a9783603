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

# --- tunnels between two namespaces -------------------------------------------
# A client namespace C and a server namespace S joined by the veth pair "wan"
# (C: 192.0.2.1/24 2001:db8::1/64, S: .2 and ::2), one tquic0 at each end
# with inner addresses 10.99.0.1/24 fd99::1/64 (C) and .2, ::2 (S).

TQ_PORT=4433
TQ_C4=192.0.2.1 TQ_S4=192.0.2.2 TQ_C6=2001:db8::1 TQ_S6=2001:db8::2
TQ_IN_C4=10.99.0.1 TQ_IN_S4=10.99.0.2 TQ_IN_C6=fd99::1 TQ_IN_S6=fd99::2

# tq_keygen DIR NAME: DIR/NAME.key (private, a file) and DIR/NAME.pub.
tq_keygen() {
	tquic-keygen genkey -o "$1/$2.key" &&
		tquic-keygen pubkey < "$1/$2.key" > "$1/$2.pub"
}

# tq_wan C S: the two namespaces and the veth between them, addresses
# usable at once (no DAD).
tq_wan() {
	ip netns add "$1" && ip netns add "$2" &&
		ip -n "$1" link set lo up && ip -n "$2" link set lo up &&
		ip -n "$1" link add wan type veth peer wan netns "$2" &&
		ip -n "$1" addr add $TQ_C4/24 dev wan &&
		ip -n "$1" addr add $TQ_C6/64 dev wan nodad &&
		ip -n "$2" addr add $TQ_S4/24 dev wan &&
		ip -n "$2" addr add $TQ_S6/64 dev wan nodad &&
		ip -n "$1" link set wan up && ip -n "$2" link set wan up
}

# tq_inner NS 4ADDR 6ADDR [DEV]: inner addresses on a tquic link, and up.
# No link-local address (addrgenmode none, set over rtnetlink before the
# link goes up: the sysctl is not there on every kernel), so no router
# solicitations at random times: the tests count the packets the tunnel
# carries.
tq_inner() {
	local dev=${4:-tquic0}
	ip -n "$1" link set dev "$dev" addrgenmode none &&
		ip -n "$1" addr add "$2/24" dev "$dev" &&
		tq_inner6 "$1" "$3" "$dev" &&
		ip -n "$1" link set "$dev" up
}

# tq_inner6 NS 6ADDR [DEV]: the inner IPv6 address, again after a down/up
# (keep_addr_on_down is off by default: a down link loses it).
tq_inner6() {
	ip -n "$1" addr replace "$2/64" dev "${3:-tquic0}" nodad
}

# tq_tunnel C S DIR PEER [CLIENT-OPTION...]: keys DIR/{c,s}.{key,pub}
# (made when missing), tquic0 in S listening, tquic0 in C towards PEER
# (the server's IPv4 or IPv6 WAN address) with the extra options, both up.
# TQ_SERVER_OPTS adds options to the server's link.
tq_tunnel() {
	local c=$1 s=$2 dir=$3 peer=$4
	shift 4
	[ -f "$dir/c.key" ] || tq_keygen "$dir" c || return 1
	[ -f "$dir/s.key" ] || tq_keygen "$dir" s || return 1
	# shellcheck disable=SC2086
	ip -n "$s" link add tquic0 type tquic slaves wan listen $TQ_PORT \
		private-key "$dir/s.key" peer-key "$(cat "$dir/c.pub")" \
		${TQ_SERVER_OPTS:-} &&
		ip -n "$c" link add tquic0 type tquic slaves wan peer "$peer" \
			port $TQ_PORT private-key "$dir/c.key" \
			peer-key "$(cat "$dir/s.pub")" "$@" &&
		tq_inner "$s" $TQ_IN_S4 $TQ_IN_S6 && tq_inner "$c" $TQ_IN_C4 $TQ_IN_C6
}

# xstat NS NAME [DEV]: one IFLA_INFO_XSTATS value of a tquic link (names:
# the TQUIC_XSTATS_* suffixes in lower case).
xstat() {
	ip -n "$1" -s -d -j link show dev "${3:-tquic0}" |
		jq -r ".[0].linkinfo.info_xstats.$2"
}

# debug_kernel: true in the debug kernel's VM (vm/init.sh), where KASAN and
# lockdep make throughput no measure of the tunnel: tests report it there
# instead of asserting it. Functional assertions are the same everywhere.
debug_kernel() { [ "${TQUIC_DEBUG_KERNEL:-0}" = 1 ]; }

# check_rate DESC CMD...: check for a throughput threshold; on the debug
# kernel a miss is reported, not failed.
check_rate() {
	local desc=$1
	shift
	if "$@"; then
		ok "$desc"
	elif debug_kernel; then
		ok "$desc # SKIP missed on the debug kernel: reported, not asserted"
	else
		not_ok "$desc"
	fi
}

# link_stat NS DEV rx|tx packets|bytes|dropped...: the link's own counters.
link_stat() {
	ip -n "$1" -s -j link show dev "$2" | jq -r ".[0].stats64.$3.$4"
}

# pings NS ADDR: one ping answered within a second.
pings() {
	ip netns exec "$1" ping -q -c 1 -W 1 "$2" > /dev/null 2>&1
}

# tq_up C [SECS]: traffic through the tunnel from C starts the handshake;
# true once an inner ping from C is answered (IPv4 and IPv6) and C's
# session is established.
tq_up() {
	wait_for "${2:-15}" pings "$1" $TQ_IN_S4 &&
		wait_for 5 pings "$1" $TQ_IN_S6 &&
		[ "$(xstat "$1" session)" = established ]
}

# tcp_listening NS PORT: a TCP socket listens on PORT in NS.
tcp_listening() {
	ip netns exec "$1" ss -Htln "sport = :$2" | grep -q .
}

# capture_export DESC NAME UDPPORT FILE: one check. In the test VM the
# capture goes out on a serial port to the host, whose tshark judges it
# as its own result (vm/run.sh, tools/check_capture.sh); elsewhere it is
# judged here when tshark is installed.
capture_export() {
	local desc=$1 name=$2 port=$3 file=$4
	local check
	check="$(dirname "$0")/tools/check_capture.sh"
	if [ -n "${TQUIC_CAPTURE_DEV:-}" ]; then
		if [ -s "$file" ] && {
			echo "TQUIC-PCAP-BEGIN $name $port"
			base64 < "$file"
			echo "TQUIC-PCAP-END $name"
		} > "$TQUIC_CAPTURE_DEV"; then
			ok "$desc"
		else
			not_ok "$desc"
		fi
	elif command -v tshark > /dev/null && [ -x "$check" ]; then
		check "$desc" "$check" "$file" "$port"
	else
		ok "$desc # SKIP no tshark here to dissect the capture"
	fi
}
