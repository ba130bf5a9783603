#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Single-path benchmark: iperf3 TCP throughput, and the CPU it costs, over
# one veth between two namespaces: the bare veth, WireGuard over it, and
# tquic over it. Prints the tquic/WireGuard throughput ratio. Run by
# `make bench` in the test VM (one kernel, TCG: compare the numbers with
# each other, not with real hardware).
# shellcheck source-path=SCRIPTDIR/../selftests
# shellcheck source=../selftests/lib/tunnel.sh
. "$(dirname "$0")/../selftests/lib/tunnel.sh"
# shellcheck source=../selftests/lib/goodput.sh
. "$(dirname "$0")/../selftests/lib/goodput.sh"
tq_require ip jq iperf3 ss wg tquic-keygen

SECS=${BENCH_SECONDS:-10}
tq_test_setup sp

# run NAME ADDR: SECS of iperf3 TCP from C to ADDR in S; one result line,
# the throughput in Mbit/s in $tmp/NAME.
run() {
	local name=$1 addr=$2 b0 t0 b1 t1 mbit cpu
	read -r b0 t0 <<< "$(tq_cpu_ticks)"
	if ! timeout $((SECS + 30)) ip netns exec $C \
		iperf3 -J -c "$addr" -t "$SECS" > "$tmp/$name.json"; then
		tq_not_ok "$name: iperf3 TCP"
		echo 0 > "$tmp/$name"
		return
	fi
	read -r b1 t1 <<< "$(tq_cpu_ticks)"
	mbit=$(jq '.end.sum_received.bits_per_second / 1e6 | floor' "$tmp/$name.json")
	cpu=$(((b1 - b0) * 100 / (t1 - t0)))
	echo "$mbit" > "$tmp/$name"
	tq_ok "$name: $mbit Mbit/s, CPU $cpu% of $(nproc) CPUs, $(jq .end.sum_sent.retransmits "$tmp/$name.json") retransmits"
}

tq_ktap_begin 7
tq_wan $C $S
ip netns exec $S iperf3 -s > /dev/null 2>&1 &
pids+=($!)
tq_wait_for 10 tq_tcp_listening $S 5201
run "plain veth" $TQ_S4

# WireGuard and tquic use the same X25519 key format.
tq_keygen "$tmp" a && tq_keygen "$tmp" b
ip -n $C link add wg0 type wireguard && ip -n $S link add wg0 type wireguard
ip netns exec $C wg set wg0 listen-port 51820 private-key "$tmp/a.key" \
	peer "$(cat "$tmp/b.pub")" allowed-ips 10.88.0.0/24 \
	endpoint $TQ_S4:51820
ip netns exec $S wg set wg0 listen-port 51820 private-key "$tmp/b.key" \
	peer "$(cat "$tmp/a.pub")" allowed-ips 10.88.0.0/24
ip -n $C addr add 10.88.0.1/24 dev wg0 && ip -n $C link set wg0 up
ip -n $S addr add 10.88.0.2/24 dev wg0 && ip -n $S link set wg0 up
tq_check "WireGuard up" tq_wait_for 15 tq_pings $C 10.88.0.2
run "WireGuard" 10.88.0.2

tq_check "tquic up" tq_tunnel $C $S "$tmp" $TQ_S4
tq_check "tquic handshake" tq_up $C
run "tquic (AES-128-GCM)" $TQ_IN_S4

wg=$(cat "$tmp/WireGuard") tq=$(cat "$tmp/tquic (AES-128-GCM)")
if [ "$wg" -gt 0 ]; then
	tq_ok "tquic/WireGuard throughput ratio: $(awk -v a="$tq" -v b="$wg" 'BEGIN { printf "%.2f", a / b }')"
else
	tq_not_ok "tquic/WireGuard throughput ratio: no WireGuard throughput"
fi
tq_ktap_finish
