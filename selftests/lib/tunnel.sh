# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# A tquic tunnel between two namespaces: keys (tq_keygen), the client C
# and the server S joined by the veth pair "wan" (tq_wan), the tquic0 link
# at each end (tq_tunnel, tq_client) and its handshake (tq_up); what the
# links show of their configuration and counters (tq_info, tq_xstat,
# tq_stats, tq_num); a capture handed to the host's tshark check
# (tq_capture_export).
#
#   C                                       S
#   tquic0 10.99.0.1/24    <-- tunnel -->   tquic0 10.99.0.2/24
#          fd99::1/64                              fd99::2/64
#     peer 192.0.2.2 (or 2001:db8::2)         listen 4433
#     port 4433
#   wan 192.0.2.1/24       === veth ===     wan 192.0.2.2/24
#       2001:db8::1/64                          2001:db8::2/64

# shellcheck source=lib/netns.sh
. "${BASH_SOURCE[0]%/*}/netns.sh"

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

# tq_client C DIR PEER [OPTION...]: tquic0 in C towards PEER (the server's
# IPv4 or IPv6 WAN address) with DIR's client keys and the extra options,
# up; again after the client's link was deleted.
tq_client() {
	local c=$1 dir=$2 peer=$3
	shift 3
	# shellcheck disable=SC2086
	ip -n "$c" link add tquic0 type tquic slaves ${TQ_SLAVES:-wan} \
		peer "$peer" port $TQ_PORT private-key "$dir/c.key" \
		peer-key "$(cat "$dir/s.pub")" "$@" &&
		tq_inner "$c" $TQ_IN_C4 $TQ_IN_C6
}

# tq_tunnel C S DIR PEER [CLIENT-OPTION...]: keys DIR/{c,s}.{key,pub}
# (made when missing), tquic0 in S listening, and tq_client's in C, both
# up. TQ_SERVER_OPTS adds options to the server's link; TQ_SLAVES, when
# set, is both ends' slave list with its per-slave options (default
# "wan").
tq_tunnel() {
	local c=$1 s=$2 dir=$3 peer=$4
	shift 4
	[ -f "$dir/c.key" ] || tq_keygen "$dir" c || return 1
	[ -f "$dir/s.key" ] || tq_keygen "$dir" s || return 1
	# shellcheck disable=SC2086
	ip -n "$s" link add tquic0 type tquic slaves ${TQ_SLAVES:-wan} \
		listen $TQ_PORT private-key "$dir/s.key" \
		peer-key "$(cat "$dir/c.pub")" ${TQ_SERVER_OPTS:-} &&
		tq_inner "$s" $TQ_IN_S4 $TQ_IN_S6 &&
		tq_client "$c" "$dir" "$peer" "$@"
}

# tq_up C [SECS]: traffic through the tunnel from C starts the handshake;
# true once an inner ping from C is answered (IPv4 and IPv6) and C's
# session is established.
tq_up() {
	tq_wait_for "${2:-15}" tq_pings "$1" $TQ_IN_S4 &&
		tq_wait_for 5 tq_pings "$1" $TQ_IN_S6 &&
		[ "$(tq_xstat "$1" session)" = established ]
}

# tq_info NS DEV JQ: evaluate JQ on DEV's tquic configuration, as the
# plugin shows it in ip -j -d output.
tq_info() {
	ip -n "$1" -j -d link show dev "$2" |
		jq -r ".[0].linkinfo.info_data | $3"
}

# tq_count_tquic [IP-OPTIONS]: tquic links in a namespace. By kind, not with
# "type tquic": with the module unloaded the kernel ignores that filter.
tq_count_tquic() {
	ip "$@" -j -d link show |
		jq '[.[] | select(.linkinfo.info_kind == "tquic")] | length'
}

# tq_xstat NS NAME [DEV]: one IFLA_INFO_XSTATS value of a tquic link (names:
# the TQUIC_XSTATS_* suffixes in lower case).
tq_xstat() {
	ip -n "$1" -s -d -j link show dev "${3:-tquic0}" |
		jq -r ".[0].linkinfo.info_xstats.$2"
}

# tq_stats NS: NS's tquic0 with its statistics as ip -s -d prints them; tq_num
# TEXT NAME: the counter NAME (as ip names it) in such a TEXT. One ip for
# a group of counters.
tq_stats() { ip -n "$1" -s -d link show dev tquic0; }
tq_num() { [[ $1 =~ [[:space:]]$2\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}"; }

# tq_link_stat NS DEV rx|tx packets|bytes|dropped...: the link's own counters.
tq_link_stat() {
	ip -n "$1" -s -j link show dev "$2" | jq -r ".[0].stats64.$3.$4"
}

# tq_capture_bg NS IF COUNT FILE SECS: a tq_attack capture of the first
# COUNT tunnel packets seen on NS's IF into FILE, in the background (given
# up after SECS); true once it is seeing packets. Its pid is in
# TQ_CAPTURE_PID (and in pids, for the cleanup).
tq_capture_bg() {
	ip netns exec "$1" tq_attack capture "$2" $TQ_PORT "$3" "$4" "$5" \
		> "$tmp/capture.log" 2>&1 &
	TQ_CAPTURE_PID=$!
	pids+=("$TQ_CAPTURE_PID")
	tq_wait_for 5 grep -q '^capturing on' "$tmp/capture.log"
}

# tq_capture_unseen C S COUNT FILE: packets the server's tquic never saw.
# The client pings while nftables in S drops everything sent to the
# server's port, after the capture on S's WAN has had it: FILE (pcap)
# holds the first COUNT. Their packet numbers are new to the server's
# replay window, so replayed they reach its AEAD (tunnel_attack.sh,
# key_limits.sh). Needs tq_attack and nft.
tq_capture_unseen() {
	local c=$1 s=$2 count=$3 file=$4 pid rc=0
	cat > "$tmp/unseen.nft" << EOF
table inet tq_unseen {
	chain pre {
		type filter hook prerouting priority raw; policy accept;
		udp dport $TQ_PORT drop
	}
}
EOF
	ip netns exec "$s" tq_attack capture wan $TQ_PORT "$count" "$file" 30 \
		> "$tmp/unseen.log" 2>&1 &
	pid=$!
	tq_wait_for 5 grep -q '^capturing on' "$tmp/unseen.log" &&
		ip netns exec "$s" nft -f "$tmp/unseen.nft" || rc=1
	ip netns exec "$c" ping -q -c $((count * 3 / 2)) -i 0.05 -W 1 $TQ_IN_S4 \
		> /dev/null
	tq_wait_for 20 bash -c "! kill -0 $pid 2>/dev/null" || rc=1
	wait $pid || rc=1
	ip netns exec "$s" nft delete table inet tq_unseen 2>/dev/null
	echo "# $(tail -n 1 "$tmp/unseen.log")"
	return $rc
}

# tq_capture_export DESC NAME UDPPORT FILE: one check. In the test VM the
# capture goes out on a serial port to the host, whose tshark judges it
# as its own result (vm/run.sh, tools/check_capture.sh); elsewhere it is
# judged here when tshark is installed.
tq_capture_export() {
	local desc=$1 name=$2 port=$3 file=$4
	local check
	check="$(dirname "$0")/tools/check_capture.sh"
	if [ -n "${TQUIC_CAPTURE_DEV:-}" ]; then
		if [ -s "$file" ] && {
			echo "TQUIC-PCAP-BEGIN $name $port"
			base64 < "$file"
			echo "TQUIC-PCAP-END $name"
		} > "$TQUIC_CAPTURE_DEV"; then
			tq_ok "$desc"
		else
			tq_not_ok "$desc"
		fi
	elif command -v tshark > /dev/null && [ -x "$check" ]; then
		tq_check "$desc" "$check" "$file" "$port"
	else
		tq_ok "$desc # SKIP no tshark here to dissect the capture"
	fi
}
