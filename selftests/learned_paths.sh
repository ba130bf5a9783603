#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Topology (tq_mp_wans, tq_mp_tunnel in lib/mp.sh):
#
#   C                                     S
#   tquic0 10.99.0.1/24 fd99::1/64        tquic0 10.99.0.2/24 fd99::2/64
#     slaves wan1 wan2, then wan2         slaves wan1 wan2
#     peer 203.0.113.1 port 4433          listen 4433
#                                         lo 203.0.113.1/32
#   wan1 192.0.2.1/24    ===== veth ===== wan1 192.0.2.2/24
#        + 192.0.2.101-110 (spoofed)      20 Mbit/s, 10 ms
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        10 Mbit/s, 30 ms
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20); the tunnel routes each
#   path's packets with its slave as output interface: over its own WAN.
#
# The server learns a path only from a packet that is no replay. The
# client's packets on WAN 1 are captured (tq_attack); then the client
# gives WAN 1 up (PATH_ABANDON: the server forgets that path) and the
# captured packets are sent to the server again from ten other addresses,
# as an on-path attacker re-sourcing them would. Each must be counted as
# a replay, no path may come of any of them, and the tunnel goes on over
# WAN 2.
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
tq_require ip jq ping tc ethtool tquic-keygen tq_attack

tq_test_setup lr

CAPTURE=30 SPOOFED=10

tq_ktap_begin 11
tq_check "two shaped WANs" tq_mp_wans $C $S
tq_check "tquic0 at both ends over wan1 and wan2" tq_mp_tunnel $C $S "$tmp"
tq_check "handshake, both paths active at both ends" tq_mp_up $C $S

# Pings take WAN 1 (the sooner one) and so do their packets' ACKs.
tq_check "capture on the client's wan1 is ready" \
	tq_capture_bg $C wan1 $CAPTURE "$tmp/wan1.pcap" 30
ip netns exec $C ping -q -c 60 -i 0.05 $TQ_IN_S4 > /dev/null 2>&1
tq_check "$CAPTURE packets of the path over wan1 captured" \
	wait "$TQ_CAPTURE_PID"
pids=()

tq_check "the client gives wan1 up" \
	ip -n $C link set tquic0 type tquic slaves wan2
tq_check "the server forgot the path over wan1" \
	tq_wait_for 5 eval "[ \"\$(tq_paths $S length)\" = 1 ]"

replayed=$(tq_xstat $S rx_replayed) sent=0
for i in $(seq 101 $((100 + SPOOFED))); do
	ip -n $C addr add 192.0.2.$i/24 dev wan1
	out=$(ip netns exec $C tq_attack replay "$tmp/wan1.pcap" $MP_PEER \
		$TQ_PORT --dport $TQ_PORT --type short --src 192.0.2.$i)
	sent=$((sent + $(sed -n 's/^sent \([0-9]*\) .*/\1/p' <<< "$out")))
done
# Whatever the server would do with such a packet is done in its softirq:
# a moment for the last ones, then every counter is final.
sleep 0.5
tq_check "captured packets sent from $SPOOFED other addresses: $sent" \
	test "$sent" -ge $SPOOFED
tq_expect_eq "each one counted as a replay" "$sent" \
	"$(($(tq_xstat $S rx_replayed) - replayed))"
tq_expect_eq "no path came of them: the server has one path" 1 \
	"$(tq_paths $S length)"
tq_check "the tunnel goes on over wan2" tq_pings $C $TQ_IN_S4
tq_ktap_finish
