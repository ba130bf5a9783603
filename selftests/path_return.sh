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
#                        20 Mbit/s, 10 ms, for a while 310 ms
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        10 Mbit/s, 30 ms
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20); the tunnel routes each
#   path's packets with its slave as output interface: over its own WAN.
#
# A path the scheduler left comes back. Light traffic (a 20/s ping through
# the tunnel, far below either WAN's rate) takes the lowest-delay path,
# WAN 1, both ways. WAN 1's delay then rises by SPIKE ms for a while: the
# ping moves to WAN 2. Once the spike is over, it must move back. The
# last RTT WAN 1 measured is the spike's, and WAN 1 measures again only
# if it is chosen: a scheduler that trusted that sample after the path
# went idle would keep the ping on the slower WAN for good (found on the
# debug kernel, whose transfers are this light: nat.sh once saw no packet
# on WAN 1 after its NAT came back).
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
tq_require ip jq tc ethtool ping tquic-keygen

tq_test_setup pr

SPIKE=300
# Of the packets both paths carry in a window, the share the chosen one
# takes each way. While the spike lasts, WAN 1 is tried again each time
# its packets are answered (every 2 x SPIKE ms): a ping and the ACKs of it
# each way, of ~25 packets. Before the fix, the last window saw none.
SHARE=75

# carries N: path N took at least SHARE % of the last window, both ways.
carries() {
	local tx=$((tx1 + tx2)) rx=$((rx1 + rx2)) my_tx=$tx1 my_rx=$rx1
	[ "$1" = 2 ] && my_tx=$tx2 my_rx=$rx2
	[ $tx -gt 20 ] && [ $rx -gt 20 ] &&
		[ $((my_tx * 100)) -ge $((tx * SHARE)) ] &&
		[ $((my_rx * 100)) -ge $((rx * SHARE)) ]
}

# wan1_delay MS: WAN 1's one-way delay, both directions.
wan1_delay() {
	tq_mp_shape_wan $C $S 1 "${MP_RATE[1]}" "$1"
}

tq_ktap_begin 6
tq_check "two shaped WANs" tq_mp_wans $C $S
tq_check "tquic0 at both ends over wan1 and wan2" tq_mp_tunnel $C $S "$tmp"
tq_check "handshake, both paths active at both ends" tq_mp_up $C $S

ip netns exec $C ping -q -i 0.05 -W 2 $TQ_IN_S4 > /dev/null 2>&1 &
pids+=($!)
sleep 1
tq_show_window $C 2000 "before the spike"
tq_check "a light flow takes WAN 1, the lower delay, both ways (>= $SHARE %)" \
	carries 1

wan1_delay $((MP_DELAY[1] + SPIKE))
sleep 1
tq_show_window $C 2000 "WAN 1 $SPIKE ms slower"
tq_check "with WAN 1 $SPIKE ms slower, it takes WAN 2 (>= $SHARE %)" carries 2

wan1_delay "${MP_DELAY[1]}"
# What WAN 1 still holds from the spike is answered within 2 x SPIKE ms.
sleep 1
tq_show_window $C 2000 "after the spike"
tq_check "after the spike, back on WAN 1 (>= $SHARE %)" carries 1
tq_ktap_finish
