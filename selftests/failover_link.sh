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
#   Cut, then restored 1.5 s later: C's wan1 down (upload); S's wan1 down,
#   so that C's wan1 loses its carrier (download).
#
# Failover when a WAN link dies under a running TCP connection. WAN 1
# carries two thirds of it; 2 s into a 6 s transfer the client's wan1 goes
# down (an upload), then, in a second transfer, wan1 loses its carrier (the
# far end of the veth goes down; a download). The connection must survive
# without ever moving nothing for more than 300 ms (goodput sampled every
# 100 ms by the receiver), and when wan1 is back at 3.5 s, its path must be
# active again within 2 s. On the debug kernel, where everything is several
# times slower, these times are reported, not asserted (tq_check_rate).
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
# shellcheck source=lib/goodput.sh
. "$(dirname "$0")/lib/goodput.sh"
tq_require ip jq iperf3 ss tc ethtool tquic-keygen

tq_test_setup fl

SECS=6

wan1_down() { ip -n $C link set wan1 down; }
wan1_up() { tq_mp_wan_up $C 1; }
carrier_off() { ip -n $S link set wan1 down; }
carrier_on() { ip -n $S link set wan1 up; }

# failover NAME RECV SEND ADDR CUT RESTORE: a transfer from SEND to ADDR in
# RECV during which CUT takes WAN 1 away at 2 s and RESTORE brings it
# back at 3.5 s.
failover() {
	local name=$1 recv=$2 send=$3 addr=$4 cut=$5 restore=$6 t0 left back gap
	if ! tq_gp_start "$recv" "$send" "$addr" $SECS "$tmp/$cut.json"; then
		tq_not_ok "$name: transfer starts"
		return
	fi
	t0=$(tq_now_ms)
	tq_sleep_until $((t0 + 2000))
	$cut
	left=$(tq_took_ms 2 tq_path_is $C wan1 down)
	echo "#   $name: the path over wan1 was down after $left ms"
	tq_check "$name: the path over wan1 goes down" test "$left" != never
	tq_check_rate "$name: ... within 1 s" tq_at_most "${left/never/99999}" 1000
	tq_sleep_until $((t0 + 3500))
	$restore
	back=$(tq_took_ms 5 tq_path_is $C wan1 active)
	echo "#   $name: wan1 back, its path active after $back ms"
	tq_check "$name: the TCP connection survived" tq_gp_wait
	gap=$(tq_gp_gap "$tmp/$cut.json")
	echo "#   $name: longest zero-goodput gap $gap ms; mean goodput $(tq_gp_mbit "$tmp/$cut.json") Mbit/s"
	tq_check_rate "$name: longest zero-goodput gap <= 300 ms" tq_at_most "${gap:-99999}" 300
	tq_check "$name: wan1's path rejoins" test "$back" != never
	tq_check_rate "$name: ... within 2 s" tq_at_most "${back/never/99999}" 2000
}

tq_ktap_begin 15
tq_check "two shaped WANs" tq_mp_wans $C $S
tq_check "tquic0 at both ends over wan1 and wan2" tq_mp_tunnel $C $S "$tmp"
tq_check "handshake, both paths active at both ends" tq_mp_up $C $S
failover "slave down (upload)" $S $C $TQ_IN_S4 wan1_down wan1_up
failover "carrier lost (download)" $C $S $TQ_IN_C4 carrier_off carrier_on
tq_ktap_finish
