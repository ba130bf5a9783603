#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Topology (tq_mp_wans, tq_mp_tunnel in lib/mp.sh):
#
#   C                                     S
#   tquic0 10.99.0.1/24 fd99::1/64        tquic0 10.99.0.2/24 fd99::2/64
#     mode active-backup                  mode active-backup
#     slaves wan1 backup wan2             slaves wan1 wan2
#     (then wan1 wan2 backup)
#     peer 203.0.113.1 port 4433          listen 4433
#                                         lo 203.0.113.1/32
#   wan1 192.0.2.1/24    ===== veth ===== wan1 192.0.2.2/24
#                        20 Mbit/s, 150 ms (300 ms RTT: loaded LTE)
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        10 Mbit/s, 500 ms (1 s RTT: satellite)
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20); the tunnel routes each
#   path's packets with its slave as output interface: over its own WAN.
#
# Paths of long RTT validate: a PATH_RESPONSE comes back after several
# more PATH_CHALLENGEs went out (every 200 ms), and any outstanding one it
# answers counts (RFC 9000 section 8.2.1). Both paths must become active
# at both ends, and each must carry traffic: pings through the tunnel in
# active-backup mode, first with the 1 s path the primary, then the
# 300 ms one; each ping's RTT tells which path it took. Validation times
# are reported.
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
tq_require ip jq ping tc ethtool tquic-keygen

MP_DELAY=("" 150 500)
PINGS=10

tq_test_setup lp

# pings_rtt: "RECEIVED AVG-RTT-MS" of PINGS inner pings from C, a ping's
# answer awaited 5 s.
pings_rtt() {
	ip netns exec $C ping -q -c $PINGS -i 0.2 -W 5 $TQ_IN_S4 2>/dev/null |
		awk '/received/ { n = $4 } /^rtt/ { split($4, r, "/"); avg = int(r[2]) }
		     END { print n + 0, avg + 0 }'
}

# carries DESC LO HI: every ping answered, at an RTT in [LO, HI] ms.
carries() {
	local got avg
	read -r got avg <<< "$(pings_rtt)"
	echo "#   $1: $got of $PINGS pings answered, $avg ms on average"
	tq_expect_eq "$1: every ping answered" $PINGS "$got"
	tq_check "$1: at its RTT ($2 to $3 ms)" test "$avg" -ge "$2" -a "$avg" -le "$3"
}

tq_ktap_begin 11
tq_check "two shaped WANs, 300 ms and 1 s of RTT" tq_mp_wans $C $S
MP_SLAVES="wan1 backup wan2" TQ_SERVER_OPTS="mode active-backup" \
	tq_check "tquic0 at both ends, active-backup, wan1 the backup" \
	tq_mp_tunnel $C $S "$tmp" mode active-backup
t0=$(tq_now_ms)
tq_check "handshake over the long paths" \
	tq_wait_for 30 eval "ip netns exec $C ping -c 1 -W 3 $TQ_IN_S4 > /dev/null"
tq_wait_for 30 tq_path_is $C wan1 active &&
	echo "#   the 300 ms path was active after $(($(tq_now_ms) - t0)) ms"
tq_wait_for 30 tq_path_is $C wan2 active &&
	echo "#   the 1 s path was active after $(($(tq_now_ms) - t0)) ms"
tq_check "both paths validated at the client" tq_paths_active $C 2
tq_check "both paths validated at the server" tq_wait_for 30 tq_paths_active $S 2
carries "the 1 s path as the primary" 900 1900

tq_check "wan2 becomes the backup" \
	ip -n $C link set tquic0 type tquic slaves wan1 wan2 backup
tq_check "both paths validated again at the client" \
	tq_wait_for 30 tq_paths_active $C 2
carries "the 300 ms path as the primary" 250 850
tq_ktap_finish
