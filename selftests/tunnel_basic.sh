#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A tunnel between two namespaces: the handshake, pings both ways (IPv4
# and IPv6 inside, over IPv4 and then IPv6 outside), TCP and UDP through
# it with iperf3, and counters that agree between the two ends. The
# handshake and the first packets are captured for the host's tshark check.
# Last, the peer's address family changes on the running link, both ways.
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
# shellcheck source=lib/goodput.sh
. "$(dirname "$0")/lib/goodput.sh"
tq_require ip jq ping iperf3 ss tquic-keygen tq_attack

tq_test_setup tb

# counts NS: inner packets the tquic link sent and received, "TX RX",
# from one netlink dump so that both are of the same instant. Read from
# ip's one-line text, each count the second number after its "RX:"/"TX:"
# heading: jq would take a third of a second to start in the test VM.
counts() {
	local w i rx tx
	read -r -a w <<< "$(ip -n "$1" -s -o link show dev tquic0)"
	for ((i = 0; i + 9 < ${#w[@]}; i++)); do
		case ${w[i]} in
		RX:) rx=${w[i + 9]} ;;
		TX:) tx=${w[i + 9]} ;;
		esac
	done
	echo "$tx $rx"
}

# rx_drops TEXT: the receive refusals, "MALFORMED UNKNOWN-CID AUTH-FAILED
# REPLAYED BAD-INNER".
rx_drops() {
	local n out=
	for n in malformed unknown-cid auth-failed replayed bad-inner; do
		out+="$(tq_num "$1" $n) "
	done
	echo "${out% }"
}

# quiet: both ends' counters stay put for half a second, so that no packet
# is in flight when they are read.
quiet_once() {
	local a b
	a="$(counts $C) $(counts $S)"
	sleep 0.5
	b="$(counts $C) $(counts $S)"
	[ "$a" = "$b" ]
}
quiet() { tq_wait_for 10 quiet_once; }

# agree DESC [PER_MILLE]: what each end sent since the last mark, the other
# received; with PER_MILLE, up to that share may be missing. Bulk TCP at
# full speed may lose an outer packet on the veth (its backlog under TCG),
# which is not the tunnel's doing: its drop counters are checked apart.
mark() { read -r c_tx0 c_rx0 <<< "$(counts $C)"; read -r s_tx0 s_rx0 <<< "$(counts $S)"; }
within() { [ "$2" -le "$1" ] && [ $(($1 - $2)) -le $(($1 * $3 / 1000)) ]; }
agree() {
	local c_tx c_rx s_tx s_rx
	quiet
	read -r c_tx c_rx <<< "$(counts $C)"
	read -r s_tx s_rx <<< "$(counts $S)"
	c_tx=$((c_tx - c_tx0)) c_rx=$((c_rx - c_rx0))
	s_tx=$((s_tx - s_tx0)) s_rx=$((s_rx - s_rx0))
	echo "#   client sent $c_tx, server received $s_rx; server sent $s_tx, client received $c_rx"
	if [ -z "${2:-}" ]; then
		tq_expect_eq "$1: client sent = server received, server sent = client received" \
			"$c_tx $s_tx" "$s_rx $c_rx"
	else
		tq_check "$1: each end received what the other sent (to $2 per mille)" \
			eval "within $c_tx $s_rx $2 && within $s_tx $c_rx $2"
	fi
}

# ping_count NS ADDR N: replies to N pings sent 20 ms apart.
ping_count() {
	ip netns exec "$1" ping -q -c "$3" -i 0.02 -W 2 "$2" 2>/dev/null |
		sed -n 's/.* \([0-9]*\) received.*/\1/p'
}

# iperf NS ARGS...: an iperf3 client run, its JSON report in $tmp/iperf.json.
# Its window is 256 KB, not the megabytes autotuning grows: the end of a run
# waits for what is queued, which the debug kernel's slow tunnel would take
# many seconds to carry.
iperf() {
	local ns=$1
	shift
	tq_iperf3_json "$tmp/iperf.json" timeout 60 ip netns exec "$ns" \
		iperf3 -J -w 256K "$@"
}

tq_ktap_begin 48
tq_wan $C $S
tq_keygen "$tmp" c && tq_keygen "$tmp" s

# The capture starts before the tunnel exists: the handshake is in it.
ip netns exec $C tq_attack capture wan $TQ_PORT 24 "$tmp/basic.pcap" 60 \
	> "$tmp/capture.log" 2>&1 &
cap_pid=$!
pids+=($cap_pid)
tq_check "capture on the client's WAN is ready" \
	tq_wait_for 5 grep -q '^capturing on' "$tmp/capture.log"

# --- IPv4 outside -----------------------------------------------------------------
# No scheduled rekey (default 120 s; a debug kernel under TCG may take
# longer than that): the handshakes counted are the ones the test makes.
TQ_SERVER_OPTS="rekey-time 600"
tq_check "tunnel over IPv4: links up" tq_tunnel $C $S "$tmp" $TQ_S4 rekey-time 600
tq_check "first traffic: handshake, IPv4 and IPv6 pings client -> server" tq_up $C
tq_expect_eq "server's session established" established "$(tq_xstat $S session)"
c=$(tq_stats $C) s=$(tq_stats $S)
# A slow first handshake may see its initiation resent (after 1 s).
echo "# initiations sent: $(tq_num "$c" initiations-sent)"
tq_expect_eq "one handshake completed at each end" "1 1" \
	"$(tq_num "$c" completed) $(tq_num "$s" completed)"
tq_expect_eq "the server initiated nothing" 0 "$(tq_num "$s" initiations-sent)"
tq_check "server -> client pings (IPv4)" tq_pings $S $TQ_IN_C4
tq_check "server -> client pings (IPv6)" tq_pings $S $TQ_IN_C6
tq_check "RTT measured" test "$(tq_num "$(tq_stats $C)" srtt)" -gt 0

# The capture needs only the handshake and the first 1-RTT packets, which
# the pings above have carried: stop it there (it keeps what it has).
kill $cap_pid 2>/dev/null
wait $cap_pid
pids=()
echo "# $(tail -n 1 "$tmp/capture.log")"
tq_capture_export "capture handed to the tshark check" tunnel_basic $TQ_PORT \
	"$tmp/basic.pcap"

quiet
mark
tq_expect_eq "100 IPv4 pings client -> server" 100 "$(ping_count $C $TQ_IN_S4 100)"
tq_expect_eq "100 IPv6 pings server -> client" 100 "$(ping_count $S $TQ_IN_C6 100)"
agree "pings"

ip netns exec $S iperf3 -s > /dev/null 2>&1 &
pids+=($!)
tq_check "iperf3 server listens" tq_wait_for 10 tq_tcp_listening $S 5201
mark
tq_check "iperf3 TCP client -> server, IPv4" iperf $C -c $TQ_IN_S4 -t 3
mbits=$(jq '.end.sum_received.bits_per_second / 1e6 | floor' "$tmp/iperf.json")
echo "#   TCP: $mbits Mbit/s, $(jq .end.sum_sent.retransmits "$tmp/iperf.json") retransmits"
tq_check_rate "TCP moved data (over 1 Mbit/s)" test "${mbits:-0}" -gt 0
tq_check "iperf3 TCP server -> client, IPv6" iperf $C -c $TQ_IN_S6 -t 3 -R
tq_check_rate "TCP moved data the other way (over 1 MB)" \
	test "$(jq '.end.sum_received.bytes' "$tmp/iperf.json")" -gt 1000000
tq_check "iperf3 UDP 5 Mbit/s client -> server" iperf $C -c $TQ_IN_S4 -u -b 5M -t 3
echo "#   UDP: $(jq -r '.end.sum | "\(.packets) datagrams, \(.lost_packets) lost"' "$tmp/iperf.json")"
tq_check "UDP: datagrams arrived, none lost" test \
	"$(jq '.end.sum.packets' "$tmp/iperf.json")" -gt 0 -a \
	"$(jq '.end.sum.lost_packets' "$tmp/iperf.json")" = 0
tq_check_rate "UDP: datagrams arrived (over 1000)" \
	test "$(jq '.end.sum.packets' "$tmp/iperf.json")" -gt 1000
agree "iperf3 TCP and UDP" 1
c=$(tq_stats $C) s=$(tq_stats $S)
tq_expect_eq "client: nothing dropped on receive" "0 0 0 0 0" "$(rx_drops "$c")"
tq_expect_eq "server: nothing dropped on receive" "0 0 0 0 0" "$(rx_drops "$s")"
tq_expect_eq "no transmit drops at either end" "0 0 0 0" \
	"$(tq_num "$c" errors) $(tq_num "$c" no-route) $(tq_num "$s" errors) $(tq_num "$s" no-route)"
tq_check "ACKs flow both ways" test "$(tq_num "$c" acks-sent)" -gt 0 -a \
	"$(tq_num "$c" acks-received)" -gt 0 -a "$(tq_num "$s" acks-sent)" -gt 0
tq_expect_eq "still the first session: one handshake each" "1 1" \
	"$(tq_num "$c" completed) $(tq_num "$s" completed)"

# --- IPv6 outside, ChaCha20-Poly1305 ------------------------------------------------
ip -n $C link del tquic0
tq_check "client again, over IPv6 with ChaCha20-Poly1305" \
	tq_client $C "$tmp" $TQ_S6 cipher chacha20-poly1305 rekey-time 600
tq_expect_eq "cipher shown" chacha20-poly1305 "$(tq_info $C tquic0 .cipher)"
tq_check "handshake over IPv6, pings client -> server" tq_up $C
tq_expect_eq "server: a second handshake" 2 "$(tq_xstat $S hs_completed)"
tq_check "server -> client pings (IPv4 inside, IPv6 outside)" tq_pings $S $TQ_IN_C4
tq_check "server -> client pings (IPv6 inside, IPv6 outside)" tq_pings $S $TQ_IN_C6
quiet
mark
tq_expect_eq "100 IPv6 pings client -> server" 100 "$(ping_count $C $TQ_IN_S6 100)"
tq_check "iperf3 TCP over IPv6 outside" iperf $C -c $TQ_IN_S4 -t 3
tq_check_rate "TCP moved data (over 1 MB)" \
	test "$(jq '.end.sum_received.bytes' "$tmp/iperf.json")" -gt 1000000
agree "over IPv6" 1
s=$(tq_stats $S)
tq_expect_eq "server: nothing refused" "0 0 0" \
	"$(tq_num "$s" auth-failed) $(tq_num "$s" replayed) $(tq_num "$s" rx-invalid)"

# --- the peer's address family changes on the running link -------------------------
# A path's socket is of the peer's family when the path opened: the path
# reopens with one of the new family (a new path ID), under the same keys.
old_path=$(tq_path $C wan id)
tq_check "peer changed to IPv4 on the running link" \
	ip -n $C link set tquic0 type tquic peer $TQ_S4 port $TQ_PORT
tq_expect_eq "peer shown" "$TQ_S4" "$(tq_info $C tquic0 .peer)"
tq_check "pings again, over IPv4 outside" tq_up $C 10
tq_check "a new path replaced the IPv6 one" test "$(tq_path $C wan id)" != "$old_path"
# A later change that syncs the paths (here the mode) sends to the new
# peer through the path's socket: of the old family, that lookup was the
# NULL dereference this guards against.
tq_check "a later sync of the paths" \
	ip -n $C link set tquic0 type tquic mode aggregate
tq_check "pings after it, over IPv4 outside" tq_up $C 10
tq_check "peer changed back to IPv6 on the running link" \
	ip -n $C link set tquic0 type tquic peer $TQ_S6 port $TQ_PORT
tq_check "pings again, over IPv6 outside" tq_up $C 10
tq_check "a later sync of the paths, again" \
	ip -n $C link set tquic0 type tquic mode aggregate
tq_check "pings after it, over IPv6 outside" tq_up $C 10
tq_ktap_finish
