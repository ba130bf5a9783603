#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Topology (tq_mp_wans, tq_mp_tunnel in lib/mp.sh):
#
#   C                                     S
#   tquic0 10.99.0.1/24 fd99::1/64        tquic0 10.99.0.2/24 fd99::2/64
#     slaves wan1 wan2                    slaves wan1 wan2
#     peer 203.0.113.1 port 4433          listen 4433
#                                         lo 203.0.113.1/32
#   wan1 192.0.2.1/24    ===== veth ===== wan1 192.0.2.2/24
#                        20 Mbit/s, 10 ms
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        10 Mbit/s, 30 ms
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20); the tunnel routes each
#   path's packets with its slave as output interface: over its own WAN.
#   RPS: C's WAN receive processing on CPU 0, S's on CPU 1
#   (tq_mp_own_cpus), iperf3 pinned likewise.
#
# Aggregation over the two WANs of lib/mp.sh (20 Mbit/s 10 ms and
# 10 Mbit/s 30 ms one way). In one run: TCP goodput of each WAN alone,
# without the tunnel (a connection over each, at the same time: the VM's
# CPUs are as busy as when the tunnel uses both), then of one TCP
# connection through tquic0 over both, which must reach 90% of their sum;
# a file sent through the tunnel each way arrives byte for byte; and one
# UDP stream at 27 Mbit/s, more than either WAN carries, gets through at
# 95%. Each end has a CPU of its own (tq_mp_own_cpus), as on real machines:
# with both ends' crypto on one CPU, TCG caps the tunnel near 24 Mbit/s of
# UDP whatever the protocol does.
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
# shellcheck source=lib/goodput.sh
. "$(dirname "$0")/lib/goodput.sh"
tq_require ip jq iperf3 ss tc ethtool cmp nc nft tquic-keygen

tq_test_setup ag

# Seconds of each TCP measurement, after OMIT left out: the steady state
# is measured, not the inner connection's climb to it. Some runs are slow
# for their first 7-10 s (22-26 Mbit/s, then 27-29 like the others, with
# no inner retransmit and both CPUs half idle): in those WAN 1's path
# lost 175-183 datagrams, 12-47 in most others, and 2 s in its window was
# 49-62 KB, not 76-84, as if its slow start overshot WAN 1's buffer. A
# lead, not yet the cause: one run with 176 lost and a window of 49 KB
# still gave 0.95. Measured from the third second the slow runs gave
# 0.91 of the sum, from the sixth 0.92-0.93; the others 0.94-0.95. Over
# 30 s rather than 16 such a start weighs half as much in the mean: the
# measure is of the tunnel's steady rate, and a run of 16 s with a slow
# start was too near the bar (0.91 on both kernels) to tell it.
SECS=30 OMIT=5 SIZE=4000000 UDP_SECS=4
# The debug kernel's TCP is CPU-bound far below the WANs' rates: shorter
# runs there, whose rates are reported, not asserted (tq_check_rate).
tq_debug_kernel && SECS=3 OMIT=2 SIZE=1000000 UDP_SECS=2

# tcp NAME PORT ADDR: SECS of iperf3 TCP from the client to ADDR:PORT in
# the server, its report in $tmp/NAME.json.
tcp() {
	# shellcheck disable=SC2046 # tq_mp_pin's option is two words, or none
	tq_iperf3_json "$tmp/$1.json" timeout $((OMIT + SECS + 30)) ip netns exec $C \
		iperf3 $(tq_mp_pin 0) -J -c "$3" -p "$2" -t $SECS -O $OMIT
}

# mbit NAME: the goodput tcp NAME measured, in Mbit/s; and a line on it.
mbit() {
	tq_gp_mbit "$tmp/$1.json"
	echo "#   $1: $(tq_gp_mbit "$tmp/$1.json") Mbit/s, $(jq .end.sum_sent.retransmits "$tmp/$1.json") retransmits" >&2
}

# udp: UDP_SECS of UDP at 27 Mbit/s, client -> server, report in
# $tmp/udp.json. The receiver's socket buffer (both ends', -w) takes what
# the reorder buffer releases at once after holding a gap for a lost
# datagram's copy: 100 ms of 27 Mbit/s is more than the default 208 KiB.
udp() {
	# shellcheck disable=SC2046
	tq_iperf3_json "$tmp/udp.json" timeout $((UDP_SECS + 30)) ip netns exec $C \
		iperf3 $(tq_mp_pin 0) -J -c $TQ_IN_S4 -u -b 27M -w 2M -t $UDP_SECS
}

# udp_arrived: datagrams to the UDP port that came out of the server's
# tquic0. Late ones count too: iperf3's server stops counting when the
# client says the test is over, and that word overtakes the datagrams a
# sender whose CPU cannot keep up still has in tquic0's qdisc (they arrive
# after the server closed its socket: its NoPorts).
udp_arrived() { tq_nft_counted $S tq-udp; }

tq_ktap_begin 14
tq_check "two shaped WANs, an own CPU for each end" eval "tq_mp_wans $C $S && tq_mp_own_cpus $C $S"
tq_check "tquic0 at both ends over wan1 and wan2" tq_mp_tunnel $C $S "$tmp"
tq_check "handshake, both paths active at both ends" tq_mp_up $C $S
for port in 5201 5202; do
	# shellcheck disable=SC2046
	ip netns exec $S iperf3 $(tq_mp_pin 1) -s -p $port > /dev/null 2>&1 &
	pids+=($!)
done
tq_check "iperf3 servers listen" eval \
	"tq_wait_for 10 tq_tcp_listening $S 5201 && tq_wait_for 10 tq_tcp_listening $S 5202"

tcp wan1 5201 "${MP_NET[1]}.2" &
w1=$!
tcp wan2 5202 "${MP_NET[2]}.2" &
tq_check "TCP over WAN 2 alone" wait $!
tq_check "TCP over WAN 1 alone" wait $w1
read -r b1 b2 <<< "$(tq_paths_stat $C tx_bytes)"
read -r l1 l2 <<< "$(tq_paths_stat $C lost)"
# The paths' and the inner connection's state once in the seconds left
# out, where a sample takes no CPU from the measurement: they tell whether
# a slow start was the tunnel's or the inner connection's (its ssthresh
# is where its slow start ended).
sleep $((OMIT / 2)) && { tq_stats $C; ip netns exec $C ss -tin dst $TQ_IN_S4; } > "$tmp/early" &
early=$!
tq_check "one TCP connection through tquic0" tq_cpu_busy tcp tunnel 5201 $TQ_IN_S4
wait $early
sed -n "s/^ *path [0-9]* \(dev [^ ]*\) state [^ ]* \(backup \)\?\(srtt [0-9]*us\) rttvar [^ ]* \(cwnd [0-9]* inflight [0-9]*\).*/#   \1, $((OMIT / 2)) s into the tunnel run: \3 \4/p" "$tmp/early"
echo "#   the inner connection $((OMIT / 2)) s in: $(grep -o 'cwnd:[0-9]* ssthresh:[0-9]*' "$tmp/early")"
read -r e1 e2 <<< "$(tq_paths_stat $C tx_bytes)"
read -r k1 k2 <<< "$(tq_paths_stat $C lost)"
m1=$(mbit wan1) m2=$(mbit wan2) mt=$(mbit tunnel)
sum=$(awk -v a="$m1" -v b="$m2" 'BEGIN { print a + b }')
agg=$(tq_ratio "$mt" "$sum")
echo "#   tunnel / (WAN 1 + WAN 2) = $mt / $sum = $agg; the busier CPU ${busy}% busy"
# Second by second, to tell a run that missed from start to end from one
# that stalled.
echo "#   through tquic0, Mbit/s each second: $(jq -r '[.intervals[] | select(.sum.omitted | not) | .sum.bits_per_second / 1e5 | round / 10] | join(" ")' "$tmp/tunnel.json")"
# Each tunnel packet a WAN's full buffer drops stalls the inner connection
# until its copy arrives; yet with netem limits of 400, deep enough that
# none was lost, runs on 6.1 gained only 0.01-0.02. The slow starts'
# losses count too.
echo "#   the paths declared $((k1 - l1)) (WAN 1) and $((k2 - l2)) (WAN 2) packets lost"
tq_check_rate_cpu $busy "tunnel >= 0.90 x the sum of the WANs alone" \
	tq_at_least "$agg" 0.90
share=$(tq_ratio $((e2 - b2)) $((e1 - b1 + e2 - b2)))
echo "#   path over WAN 1 sent $((e1 - b1)) bytes, WAN 2 $((e2 - b2)): WAN 2's share $share"
# A third of the capacity is WAN 2's; at a rate WAN 1 alone carries (the
# debug kernel's) the scheduler rightly keeps to WAN 1.
tq_check_rate "both paths carried the connection (WAN 2's share >= 0.2)" \
	tq_at_least "$share" 0.2

head -c $SIZE /dev/urandom > "$tmp/data"
tq_check "$SIZE bytes client -> server arrive byte-exact" \
	tq_send $C $S $TQ_IN_S4 5001 "$tmp/data" "$tmp/up"
tq_check "$SIZE bytes server -> client arrive byte-exact" \
	tq_send $S $C $TQ_IN_C4 5002 "$tmp/data" "$tmp/down"

ip netns exec $S nft -f - <<-NFT
	table ip tq-udp {
		chain in {
			type filter hook input priority filter; policy accept;
			iifname "tquic0" udp dport 5201 counter
		}
	}
NFT
old_max="$(sysctl -n net.core.rmem_max) $(sysctl -n net.core.wmem_max)"
sysctl -qw net.core.rmem_max=$((4 << 20)) net.core.wmem_max=$((4 << 20))
tq_check "UDP at 27 Mbit/s through tquic0" tq_cpu_busy udp
read -r r w <<< "$old_max"
sysctl -qw net.core.rmem_max="$r" net.core.wmem_max="$w"
read -r sent got len offered mbit <<< "$(jq -r '.end as $e | "\($e.sum_sent.packets)
	\($e.sum_received.packets - $e.sum_received.lost_packets)
	\(.start.test_start.blksize)
	\($e.sum_sent.bits_per_second / 1e5 | round / 10)
	\($e.sum_received.bits_per_second / 1e5 | round / 10)"' \
	"$tmp/udp.json" | tr '\n' ' ')"
# What the reorder buffer may still hold, and the qdisc's tail, arrive.
sleep 1
arrived=$(udp_arrived)
delivered=$(tq_ratio "$arrived" "$sent")
echo "#   UDP: $sent datagrams of $len bytes sent at $offered Mbit/s, $arrived arrived ($delivered), $got of them within iperf3's test ($mbit Mbit/s); the busier CPU ${busy}% busy"
# The UDP bar, in two parts: the stream was one of 27 Mbit/s (what a
# sender under TCG can offer is the harness's, so a CPU that was full is
# reported), and 95% of it came out of the tunnel.
tq_check_rate_cpu $busy "UDP: the stream was >= 95% of 27 Mbit/s" \
	tq_at_least "$offered" 25.65
tq_check "UDP: >= 95% of the datagrams delivered" tq_at_least "$delivered" 0.95
tq_ktap_finish
