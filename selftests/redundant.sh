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
#                        20 Mbit/s, 10 ms, 5.13% random loss
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        10 Mbit/s, 30 ms, 5.13% random loss
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20); the tunnel routes each
#   path's packets with its slave as output interface: over its own WAN.
#   Both ends in mode redundant.
#
# Redundant mode: every packet goes over both WANs and the receiver drops
# the second copy. Each WAN loses 10% of pings sent over it alone (random,
# independent: 5.13% each way, as 1 - 0.9487^2 = 10%); through the tunnel
# a ping is lost only when both copies are, one way or the other:
# 1 - (1 - 0.0513^2)^2 = 0.5%. A ping flood through the tunnel must lose
# less than 1% and show no duplicate. Lost means not delivered to the
# client's stack (its ICMP counters): on the debug kernel ping itself
# drains its socket too slowly to count every answer.
#
# Why not 10% each way: a ping would then get through with probability
# (1 - 0.1^2)^2, losing 2%, over the 1% bar with no fault of the tunnel's.
# Why 4000 pings: the losses are about Poisson with a mean of 0.53% of the
# pings; of 2000 (mean 10.5), 20 or more are lost in 0.6% of runs, a false
# failure every few dozen CI runs; of 4000 (mean 21), 40 or more in 0.015%.
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
tq_require ip jq ping tc ethtool tquic-keygen

tq_test_setup rd

PINGS=4000 INTERVAL=0.002 LOSS=5.13
# As many, for the statistics, a little slower.
tq_debug_kernel && INTERVAL=0.005

# flood NS ADDR COUNT INTERVAL: "SENT RECEIVED DUPLICATES" of a ping flood.
# Up to ten pings in flight (-l): with one, as by default, each waits for
# the previous answer and the flood crawls.
flood() {
	ip netns exec "$1" ping -q -c "$3" -i "$4" -l 10 -W 2 "$2" 2>/dev/null |
		sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received\(, +\([0-9]*\) duplicates\)\{0,1\}.*/\1 \2 \4/p'
}

# reorder NS: what NS's reorder buffer did.
reorder() {
	ip -n "$1" -s -d -j link show dev tquic0 | jq -r '.[0].linkinfo.info_xstats |
		"held \(.reorder_held), late \(.reorder_late), dropped \(.reorder_dropped), timeouts \(.reorder_timeouts)"'
}

# loss SENT RECEIVED: the share lost, in percent to two decimals.
loss() { awk -v s="$1" -v g="$2" 'BEGIN { printf "%.2f", (s > 0 ? 100 * (s - g) / s : 100) }'; }

# icmp NS COUNTER: the ICMP COUNTER (InEchos, OutEchoReps, ...) of NS's stack.
icmp() {
	ip netns exec "$1" awk -v c="$2" '$1 == "Icmp:" {
		if (!n) { n = NF; for (i = 2; i <= NF; i++) k[i] = $i; next }
		for (i = 2; i <= n; i++) if (k[i] == c) print $i }' /proc/net/snmp
}

# echo_replies: ICMP echo replies the client's stack received.
echo_replies() { icmp $C InEchoReps; }

# tx NS DEV: packets its path over DEV has sent.
tx() { tq_path "$1" "$2" tx_packets; }

# server_tx: "P0 P1", packets the server's paths have sent (a server's
# paths have no slave of their own to be named by).
server_tx() { tq_paths $S 'map(.tx_packets | tostring) | join(" ")'; }

# qdrops NS: packets tquic0's qdisc in NS dropped (when the device waits
# for a window, the qdisc holds what comes and may drop).
qdrops() {
	ip netns exec "$1" tc -s qdisc show dev tquic0 |
		sed -n 's/.*(dropped \([0-9]*\),.*/\1/p' | head -n 1
}

tq_ktap_begin 14
tq_check "two shaped WANs" tq_mp_wans $C $S
TQ_SERVER_OPTS="mode redundant" tq_check "tquic0 at both ends, redundant" \
	tq_mp_tunnel $C $S "$tmp" mode redundant
tq_check "handshake, both paths active at both ends" tq_mp_up $C $S
tq_expect_eq "mode shown" redundant "$(tq_info $C tquic0 .mode)"
for n in 1 2; do
	tq_check "WAN $n loses $LOSS% each way" tq_mp_shape_wan $C $S $n \
		"${MP_RATE[$n]}" "${MP_DELAY[$n]}" loss random "$LOSS%"
done

# The loss as a ping over each WAN alone sees it: about 10%; of 1000
# pings, 5% and 15% are five standard deviations away.
for n in 1 2; do
	t=$(tq_now_ms) replies=$(echo_replies)
	read -r sent _ <<< "$(flood $C "${MP_NET[$n]}.2" 1000 $INTERVAL)"
	replies=$(($(echo_replies) - replies))
	lost=$(loss "$sent" "$replies")
	echo "#   WAN $n alone: $sent pings in $(($(tq_now_ms) - t)) ms, $replies answers: $lost% lost"
	tq_check "WAN $n alone loses 5% to 15% of pings" \
		eval "tq_at_least $lost 5 && tq_at_most $lost 15"
done

dup_c=$(tq_xstat $C rx_duplicate) dup_s=$(tq_xstat $S rx_duplicate)
replies=$(echo_replies) asked=$(icmp $S InEchos) answered=$(icmp $S OutEchoReps)
tx1=$(tx $C wan1) tx2=$(tx $C wan2) qd_c=$(qdrops $C) qd_s=$(qdrops $S)
read -r stx1 stx2 <<< "$(server_tx)"
t=$(tq_now_ms)
read -r sent got dups <<< "$(flood $C $TQ_IN_S4 $PINGS $INTERVAL)"
replies=$(($(echo_replies) - replies))
asked=$(($(icmp $S InEchos) - asked)) answered=$(($(icmp $S OutEchoReps) - answered))
lost=$(loss "$sent" "$replies")
echo "#   through the tunnel: $sent pings in $(($(tq_now_ms) - t)) ms, $replies answers arrived ($got counted by ping, ${dups:-0} duplicates): $lost% lost"
# Each way alone should lose 0.26% (0.0513^2); one way losing much more
# points at that direction's sender.
echo "#   requests: $sent sent, $asked arrived ($(loss "$sent" "$asked")% lost); answers: $answered sent, $replies arrived ($(loss "$answered" "$replies")% lost)"
tq_check "ping flood through the tunnel loses < 1%" tq_at_most "$lost" 0.99
tq_check "no duplicate answer arrived" test "${dups:-0}" = 0 -a "$replies" -le "$sent"
tx1=$(($(tx $C wan1) - tx1)) tx2=$(($(tx $C wan2) - tx2))
read -r s1 s2 <<< "$(server_tx)"
stx1=$((s1 - stx1)) stx2=$((s2 - stx2))
echo "#   client's paths sent $tx1 (wan1) and $tx2 (wan2) packets, server's $stx1 and $stx2"
tq_check "every ping went over both paths" test $tx1 -ge "$sent" -a $tx2 -ge "$sent"
tq_check "every answer went over both paths" \
	test $stx1 -ge "$answered" -a $stx2 -ge "$answered"
dup_c=$(($(tq_xstat $C rx_duplicate) - dup_c)) dup_s=$(($(tq_xstat $S rx_duplicate) - dup_s))
qd_c=$(($(qdrops $C) - qd_c)) qd_s=$(($(qdrops $S) - qd_s))
echo "#   tquic0's qdisc dropped $qd_c at the client, $qd_s at the server"
# The flood is 0.4 Mbit/s: a window too small for it (random loss keeps
# it at its minimum) holds it back only if the queue stops as though
# each packet were of the MTU.
tq_check "the tunnel's own queues dropped nothing" test $qd_c = 0 -a $qd_s = 0
echo "#   copies dropped as duplicates: $dup_s at the server, $dup_c at the client"
echo "#   reorder buffer: server $(reorder $S); client $(reorder $C)"
tq_check "both ends dropped second copies" test $dup_c -gt 0 -a $dup_s -gt 0
tq_ktap_finish
