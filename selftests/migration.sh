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
#        + 192.0.2.101 (spoofed)          20 Mbit/s, 10 ms; for a while
#                                         192.0.2.1 is dropped on input
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        10 Mbit/s, 30 ms
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20); the tunnel routes each
#   path's packets with its slave as output interface: over its own WAN.
#
# Address migration as RFC 9000 section 9 has it, against an attacker who
# re-sources the client's packets. The server drops what the client sends
# from 192.0.2.1 (so the originals never arrive, as if the copies won the
# race); the client's packets on WAN 1 (datagrams the server drops, so
# that it owes nothing but ACKs and its path stays active) are captured
# meanwhile and sent to the server from 192.0.2.101. They are authentic and the newest the path
# has had, so the server moves the path there, but until 192.0.2.101
# answers a PATH_CHALLENGE it gets no more than three times the bytes it
# sent (nftables counts both, IP headers included), however much the
# server has to send: a flood of pings from the server goes over WAN 2.
# Once the client's own packets arrive again the path is back at its
# validated address and active.
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
tq_require ip jq ping tc ethtool nft tquic-keygen tq_attack

tq_test_setup mg

SPOOF=192.0.2.101 CAPTURE=5

# bytes DIR: what nftables counted from (in) or to (out) the spoofed address.
bytes() {
	ip netns exec $S nft -j list chain ip tq-mig "$1" |
		jq '[.nftables[].rule.expr[]?.counter.bytes // empty] | add // 0'
}

tq_ktap_begin 11
tq_check "two shaped WANs" tq_mp_wans $C $S
tq_check "tquic0 at both ends over wan1 and wan2" tq_mp_tunnel $C $S "$tmp"
tq_check "handshake, both paths active at both ends" tq_mp_up $C $S
ip netns exec $S nft -f - <<-NFT
	table ip tq-mig {
		chain in {
			type filter hook input priority filter; policy accept;
			ip saddr $SPOOF udp dport $TQ_PORT counter
		}
		chain out {
			type filter hook output priority filter; policy accept;
			ip daddr $SPOOF udp sport $TQ_PORT counter
		}
	}
	table ip tq-drop {
		chain in {
			type filter hook input priority filter; policy accept;
			ip saddr ${MP_NET[1]}.1 udp dport $TQ_PORT drop
			iifname tquic0 udp dport 9 drop
		}
	}
NFT
migrations=$(tq_xstat $S path_migrations)

tq_check "capture on the client's wan1 is ready" \
	tq_capture_bg $C wan1 $CAPTURE "$tmp/wan1.pcap" 10
# Datagrams the server drops quietly: it owes them nothing but ACKs, so
# its own path over wan1 stays active though the client's ACKs are gone.
ip netns exec $C bash -c "for i in {1..10}; do
	echo datagram > /dev/udp/$TQ_IN_S4/9; sleep 0.05; done"
tq_check "$CAPTURE of the client's packets on wan1 captured" \
	wait "$TQ_CAPTURE_PID"
pids=()

ip -n $C addr add $SPOOF/24 dev wan1
tq_check "the captured packets sent to the server from $SPOOF" \
	ip netns exec $C tq_attack replay "$tmp/wan1.pcap" $MP_PEER $TQ_PORT \
	--dport $TQ_PORT --type short --src $SPOOF
tq_check "the server moved a path" tq_wait_for 2 eval \
	"[ \"\$(tq_xstat $S path_migrations)\" -gt $migrations ]"
got=$(ip netns exec $S ping -q -f -c 500 -s 1000 -w 20 $TQ_IN_C4 2>&1 |
	sed -n 's/.* \([0-9]*\) received.*/\1/p')
echo "#   the server's flood of 500 pings: ${got:-no} replies"
tq_check "the tunnel keeps flowing: 490 of them answered" test "${got:-0}" -ge 490
rx=$(bytes in) tx=$(bytes out)
echo "#   $SPOOF sent the server $rx bytes and got $tx back; amp-limited: $(tq_xstat $S tx_amp_limited)"
tq_check "the spoofed address got bytes from the server's migration" test "$rx" -gt 0
tq_check "and no more than 3 times what it sent" test "$tx" -le $((3 * rx))

ip netns exec $S nft delete table ip tq-drop
tq_check "the client's own packets bring both paths back at the server" \
	tq_wait_for 10 tq_paths_active $S 2 ||
	ip -n $S -s -d link show dev tquic0 | grep -E 'path|migr' | sed 's/^/#   /' 
tq_check "the tunnel works both ways" tq_pings $C $TQ_IN_S4
tq_ktap_finish
