#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
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
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
require ip jq ping tc ethtool tquic-keygen

tq_test_setup rd

PINGS=2000 INTERVAL=0.002 LOSS=5.13
# Two thousand still, for the statistics, a little slower.
debug_kernel && INTERVAL=0.005

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

# echo_replies: ICMP echo replies the client's stack received.
echo_replies() {
	ip netns exec $C awk '$1 == "Icmp:" {
		if (!n) { n = NF; for (i = 2; i <= NF; i++) k[i] = $i; next }
		for (i = 2; i <= n; i++) if (k[i] == "InEchoReps") print $i }' /proc/net/snmp
}

# tx NS DEV: packets its path over DEV has sent.
tx() { tq_path "$1" "$2" tx_packets; }

ktap_begin 12
check "two shaped WANs" mp_wans $C $S
TQ_SERVER_OPTS="mode redundant" check "tquic0 at both ends, redundant" \
	mp_tunnel $C $S "$tmp" mode redundant
check "handshake, both paths active at both ends" mp_up $C $S
expect_eq "mode shown" redundant "$(tq_info $C tquic0 .mode)"
for n in 1 2; do
	check "WAN $n loses $LOSS% each way" mp_shape_wan $C $S $n \
		"${MP_RATE[$n]}" "${MP_DELAY[$n]}" loss random "$LOSS%"
done

# The loss as a ping over each WAN alone sees it: about 10%.
for n in 1 2; do
	t=$(now_ms) replies=$(echo_replies)
	read -r sent _ <<< "$(flood $C "${MP_NET[$n]}.2" 500 $INTERVAL)"
	replies=$(($(echo_replies) - replies))
	lost=$(loss "$sent" "$replies")
	echo "#   WAN $n alone: $sent pings in $(($(now_ms) - t)) ms, $replies answers: $lost% lost"
	check "WAN $n alone loses 5% to 15% of pings" \
		eval "at_least $lost 5 && at_most $lost 15"
done

dup_c=$(xstat $C rx_duplicate) dup_s=$(xstat $S rx_duplicate)
replies=$(echo_replies)
tx1=$(tx $C wan1) tx2=$(tx $C wan2)
t=$(now_ms)
read -r sent got dups <<< "$(flood $C $TQ_IN_S4 $PINGS $INTERVAL)"
replies=$(($(echo_replies) - replies))
lost=$(loss "$sent" "$replies")
echo "#   through the tunnel: $sent pings in $(($(now_ms) - t)) ms, $replies answers arrived ($got counted by ping, ${dups:-0} duplicates): $lost% lost"
check "ping flood through the tunnel loses < 1%" at_most "$lost" 0.99
check "no duplicate answer arrived" test "${dups:-0}" = 0 -a "$replies" -le "$sent"
tx1=$(($(tx $C wan1) - tx1)) tx2=$(($(tx $C wan2) - tx2))
echo "#   client's paths sent $tx1 (wan1) and $tx2 (wan2) packets"
check "every ping went over both paths" test $tx1 -ge "$sent" -a $tx2 -ge "$sent"
dup_c=$(($(xstat $C rx_duplicate) - dup_c)) dup_s=$(($(xstat $S rx_duplicate) - dup_s))
echo "#   copies dropped as duplicates: $dup_s at the server, $dup_c at the client"
echo "#   reorder buffer: server $(reorder $S); client $(reorder $C)"
check "both ends dropped second copies" test $dup_c -gt 0 -a $dup_s -gt 0
ktap_finish
