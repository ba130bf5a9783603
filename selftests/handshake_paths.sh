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
#                        20 Mbit/s, 10 ms, silent (100% loss)
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        10 Mbit/s, 30 ms
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20): WAN 1 is the one the main
#   table prefers, and the first slave.
#
# Handshakes do not hang on one WAN. A WAN that keeps its carrier but
# delivers nothing (a cable modem that lost its upstream) is silent here,
# from before the link exists: the tunnel comes up over WAN 2 within 3 s
# (the client's initiation goes out on every path, the server answers on
# the interface it came in on). The time is reported, not asserted, on
# the debug kernel (lib/goodput.sh, tq_check_rate).
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
# shellcheck source=lib/goodput.sh
. "$(dirname "$0")/lib/goodput.sh"
tq_require ip jq ping tc ethtool tquic-keygen

tq_test_setup hp

# wan1 LOSS: WAN 1 shaped as always, with LOSS% of the packets dropped.
wan1() { tq_mp_shape_wan $C $S 1 "${MP_RATE[1]}" "${MP_DELAY[1]}" loss "$1%"; }

tq_ktap_begin 7
tq_check "two shaped WANs" tq_mp_wans $C $S
tq_check "WAN 1 drops everything before the tunnel exists" wan1 100

t0=$(tq_now_ms)
tq_check "tquic0 at both ends over wan1 and wan2" tq_mp_tunnel $C $S "$tmp"
up=never
tq_wait_for 15 tq_pings $C $TQ_IN_S4 && up=$(($(tq_now_ms) - t0))
echo "#   first inner ping answered $up ms after the links were made"
tq_check "the tunnel comes up over WAN 2" test "$up" != never
tq_check_rate "the tunnel comes up within 3 s" tq_at_most "${up/never/99999}" 3000
tq_expect_eq "the client's session is established" established \
	"$(tq_xstat $C session)"
tq_check "the path over wan2 is active" tq_wait_for 5 tq_path_is $C wan2 active

tq_ktap_finish
