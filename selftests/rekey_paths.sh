#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Topology (tq_mp_wans, tq_mp_tunnel in lib/mp.sh):
#
#   C                                     S
#   tquic0 10.99.0.1/24 fd99::1/64        tquic0 10.99.0.2/24 fd99::2/64
#     slaves wan1 wan2, rekey-time 5      slaves wan1 wan2, rekey-time 5
#     peer 203.0.113.1 port 4433          listen 4433
#                                         lo 203.0.113.1/32
#   wan1 192.0.2.1/24    ===== veth ===== wan1 192.0.2.2/24
#                        20 Mbit/s, 10 ms, silent (100% loss) once up
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        10 Mbit/s, 30 ms
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20): WAN 1 is the one the main
#   table prefers, and the first slave.
#
# A rekey never depends on one path. Both ends rekey every 5 s; once the
# tunnel is up over both WANs, WAN 1 goes silent (carrier up, nothing
# delivered). For 60 s the client pings the server 5 times a second; at
# most 1 s worth of pings (5) may go unanswered or be answered later than
# a second, the failover included; the path over WAN 1 fails, and the
# keys keep turning over (hs_completed rises). The pings lost are reported,
# not asserted, on the debug kernel (lib/goodput.sh, tq_check_rate).
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
# shellcheck source=lib/goodput.sh
. "$(dirname "$0")/lib/goodput.sh"
tq_require ip jq ping tc ethtool tquic-keygen

tq_test_setup rk

SECS=60
RATE=5

# wan1 LOSS: WAN 1 shaped as always, with LOSS% of the packets dropped.
wan1() { tq_mp_shape_wan $C $S 1 "${MP_RATE[1]}" "${MP_DELAY[1]}" loss "$1%"; }

tq_ktap_begin 8
tq_check "two shaped WANs" tq_mp_wans $C $S
MP_REKEY=5 tq_check "tquic0 at both ends, rekey-time 5" \
	tq_mp_tunnel $C $S "$tmp"
tq_check "handshake, both paths active at both ends" tq_mp_up $C $S
c_hs=$(tq_xstat $C hs_completed) s_hs=$(tq_xstat $S hs_completed)
tq_check "WAN 1 drops everything" wan1 100

# A reply later than a second is lost for whoever waits on it: ping
# counts late ones as received, so count the replies by their time.
count=$((SECS * RATE))
got=$(ip netns exec $C ping -n -i 0.$((10 / RATE)) -c $count -w $((SECS + 5)) \
	$TQ_IN_S4 2>/dev/null |
	awk -F'time=' '/icmp_seq=/ && $2 + 0 <= 1000 { n++ } END { print n + 0 }')
lost=$((count - got))
c_rk=$(($(tq_xstat $C hs_completed) - c_hs))
s_rk=$(($(tq_xstat $S hs_completed) - s_hs))
echo "#   $lost of $count pings lost in $SECS s; handshakes completed: client $c_rk, server $s_rk"
tq_check_rate "at most $RATE pings lost" test "$lost" -le $RATE
tq_check "the path over wan1 failed" tq_path_is $C wan1 failed
tq_check "the client completed rekeys" test "$c_rk" -ge $((SECS / 5 / 2))
tq_check "the path over wan2 is active" tq_path_is $C wan2 active

tq_ktap_finish
