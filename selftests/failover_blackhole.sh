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
#                        20 Mbit/s, 10 ms, for a while 100% loss
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        10 Mbit/s, 30 ms
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20); the tunnel routes each
#   path's packets with its slave as output interface: over its own WAN.
#
# Failover when a WAN silently stops carrying anything, links still up:
# 2 s into a TCP transfer, WAN 1 drops every packet both ways (netem loss
# 100%). Only the missing acknowledgments tell: the path over wan1 must be
# declared failed (path_failures rises), the connection must survive with
# no stall longer than 1 s (goodput sampled every 100 ms by the receiver),
# and once the loss is gone the path must come back by itself. The gap is
# reported, not asserted, on the debug kernel (lib/goodput.sh, tq_check_rate).
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
# shellcheck source=lib/goodput.sh
. "$(dirname "$0")/lib/goodput.sh"
tq_require ip jq iperf3 ss tc ethtool tquic-keygen

tq_test_setup fb

SECS=8

# wan1 LOSS: WAN 1 shaped as always, with LOSS% of the packets dropped.
wan1() { tq_mp_shape_wan $C $S 1 "${MP_RATE[1]}" "${MP_DELAY[1]}" loss "$1%"; }

tq_ktap_begin 11
tq_check "two shaped WANs" tq_mp_wans $C $S
tq_check "tquic0 at both ends over wan1 and wan2" tq_mp_tunnel $C $S "$tmp"
tq_check "handshake, both paths active at both ends" tq_mp_up $C $S
failures=$(tq_xstat $C path_failures)

tq_check "a $SECS s TCP transfer client -> server starts" \
	tq_gp_start $S $C $TQ_IN_S4 $SECS "$tmp/gp.json"
t0=$(tq_now_ms)
tq_sleep_until $((t0 + 2000))
tq_check "WAN 1 drops everything" wan1 100
failed=$(tq_took_ms 4 tq_path_is $C wan1 failed)
echo "#   the path over wan1 was failed after $failed ms"
tq_check "the path over wan1 is declared failed" test "$failed" != never
echo "#   path_failures: $failures before, $(tq_xstat $C path_failures) after; wan1's path: $(tq_path $C wan1 failures) failures"
tq_check "path_failures rose" test "$(tq_xstat $C path_failures)" -gt "$failures"

# Back at 4.5 s, or a second after the failure if that came late.
t1=$((t0 + 4500))
[ "$failed" != never ] && [ $((t0 + 2000 + failed + 1000)) -gt $t1 ] &&
	t1=$((t0 + 2000 + failed + 1000))
tq_sleep_until $t1
tq_check "WAN 1 carries again" wan1 0
back=$(tq_took_ms 8 tq_path_is $C wan1 active)
echo "#   the path over wan1 was active again after $back ms"
tq_check "the path over wan1 recovers by itself" test "$back" != never
tq_check "the TCP connection survived" tq_gp_wait
gap=$(tq_gp_gap "$tmp/gp.json")
echo "#   longest zero-goodput gap $gap ms; mean goodput $(tq_gp_mbit "$tmp/gp.json") Mbit/s"
tq_check_rate "longest zero-goodput gap <= 1 s" tq_at_most "${gap:-99999}" 1000
tq_ktap_finish
