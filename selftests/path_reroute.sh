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
#                        10 Mbit/s, 30 ms, then 60 ms
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20); the tunnel routes each
#   path's packets with its slave as output interface: over its own WAN.
#   RPS: C's WAN receive processing on CPU 0, S's on CPU 1
#   (tq_mp_own_cpus), iperf3 pinned likewise.
#
# WAN 2's route upstream changes for good in the middle of a download: its
# delay doubles, 30 ms one way becomes 60. The minimum RTT the server's
# path measured before is stale from then on, and a delay brake that
# trusted it would see a standing queue for ever and hold WAN 2 at two
# datagrams (the bench's 1%-loss row found it: WAN 2 carried 3 of 14 MB).
# A queue that TQUIC_CC_REBASE_BRAKES brakes did not drain is the path's
# new base delay: from 3 s after the change WAN 2 must carry its share
# again.
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
# shellcheck source=lib/goodput.sh
. "$(dirname "$0")/lib/goodput.sh"
tq_require ip jq iperf3 tc ethtool tquic-keygen

tq_test_setup rr

SECS=12
# Data packets the client receives over WAN 2 in a 3 s window: about 2500
# fill its 10 Mbit/s; while the minimum never aged it was 328 to 450.
MIN_PKTS=750

tq_ktap_begin 8
tq_check "two shaped WANs, an own CPU for each end" eval "tq_mp_wans $C $S && tq_mp_own_cpus $C $S"
tq_check "tquic0 at both ends over wan1 and wan2" tq_mp_tunnel $C $S "$tmp"
tq_check "handshake, both paths active at both ends" tq_mp_up $C $S
# shellcheck disable=SC2046 # tq_mp_pin's option is two words, or none
ip netns exec $S iperf3 $(tq_mp_pin 1) -s -1 -p 5201 > /dev/null 2>&1 &
pids+=($!)
tq_check "iperf3 server listens" tq_wait_for 10 tq_tcp_listening $S 5201

# shellcheck disable=SC2046
tq_iperf3_json "$tmp/dl.json" timeout $((SECS + 30)) ip netns exec $C \
	iperf3 $(tq_mp_pin 0) -J -R -c $TQ_IN_S4 -p 5201 -t $SECS &
dl=$!
t0=$(tq_now_ms)
tq_sleep_until $((t0 + 1000))
tq_show_window $C 3000 "1 s to 4 s into the download"
tq_check_rate "before the change, WAN 2 carries its share (>= $MIN_PKTS packets)" \
	test "$rx2" -ge $MIN_PKTS
tq_check "WAN 2's delay doubles: ${MP_DELAY[2]} -> $((2 * MP_DELAY[2])) ms one way" \
	tq_mp_shape_wan $C $S 2 "${MP_RATE[2]}" $((2 * MP_DELAY[2]))
t1=$(tq_now_ms)
tq_sleep_until $((t1 + 3000))
tq_show_window $C 3000 "3 s to 6 s after the change"
tq_check_rate "after it, WAN 2 carries its share again (>= $MIN_PKTS packets)" \
	test "$rx2" -ge $MIN_PKTS
echo "#   server's paths: $(tq_paths $S 'map("\(.dev // "-") srtt \(.srtt_us) us") | join(", ")')"
tq_check "the download lasted to the end" wait $dl
echo "#   download: $(tq_gp_mbit "$tmp/dl.json") Mbit/s"
tq_ktap_finish
