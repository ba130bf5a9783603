#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Topology (tq_mp_wans, tq_mp_tunnel in lib/mp.sh):
#
#   C                       R1, R2 (NAT)                   S
#                                                          lo 203.0.113.1/32
#   wan1 192.0.2.1/24 ===== R1 lan 192.0.2.2/24
#                           R1 wan 100.64.1.1/24 ========= wan1 100.64.1.2/24
#   wan2 198.51.100.1/24 == R2 lan 198.51.100.2/24
#                           R2 wan 100.64.2.1/24 ========= wan2 100.64.2.2/24
#
#   C: tquic0 10.99.0.1/24 fd99::1/64, slaves wan1 wan2,
#      peer 203.0.113.1 port 4433
#   S: tquic0 10.99.0.2/24 fd99::2/64, slaves wan1 wan2, listen 4433
#
#   Router Rn masquerades what leaves its wan (UDP from ports 10000-19999)
#   and routes 203.0.113.1 via 100.64.n.2; the rebind moves R1's wan to
#   100.64.1.3, ports 20000-29999. netem shapes C's and S's ends of WAN n,
#   the same each way: WAN 1 20 Mbit/s 10 ms, WAN 2 10 Mbit/s 30 ms. TSO,
#   GSO and GRO are off on every WAN link. C routes 203.0.113.1 via R1
#   (metric 10) and via R2 (metric 20); the tunnel routes each path's
#   packets with its slave as output interface: over its own WAN.
#
# Each WAN through its own NAT: routers R1 and R2 masquerade the client
# (nftables), as home routers do. Mid-download, R1's NAT is rebound: its
# outside address changes (removing the old one drops the mappings that
# used it) and its port range too, so the server sees the client's packets
# on WAN 1 come from a new address and port. The server must follow:
# traffic keeps flowing on both paths, both ways, and the transfer
# completes.
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
# shellcheck source=lib/goodput.sh
. "$(dirname "$0")/lib/goodput.sh"
tq_require ip jq iperf3 ss tc ethtool nft tquic-keygen

tq_test_setup nt

# The download outlasts the rebind by the 4.5 s measured after it; on the
# debug kernel, where the rebind's nft and ip take 9-13 s, by more.
SECS=7 NEW=100.64.1.3
tq_debug_kernel && SECS=30
# The least each path carries each way in 3 s, even at the debug kernel's
# rate: ACKs alone come several times a second.
FLOW=30

# rebind: R1's NAT starts again from nothing, at a new address and ports.
# The new rules come first, in place of the old ones: a packet forwarded
# while R1 had no NAT would leave a conntrack entry without translation,
# which outlives the rules and keeps the client's flow untranslated (the
# debug kernel, where the rebind takes seconds, showed it). Removing the
# old address then drops every mapping that used it, and forwarding
# resumes only with the new address and rules in place.
rebind() {
	tq_mp_masquerade $R1 20000-29999 replace &&
		ip -n $R1 addr del 100.64.1.1/24 dev wan &&
		ip -n $R1 addr add $NEW/24 dev wan &&
		ip -n $R1 route replace $MP_PEER/32 via 100.64.1.2
}

# seen: packets the server received from R1's new mapping.
seen() { tq_nft_counted $S tq-seen; }


tq_ktap_begin 9
tq_check "two WANs, each behind its NAT router" tq_mp_wans $C $S $R1 $R2
ip netns exec $S nft -f - <<-NFT
	table ip tq-seen {
		chain in {
			type filter hook input priority filter; policy accept;
			ip saddr $NEW udp sport 20000-29999 counter
		}
	}
NFT
tq_check "tquic0 at both ends over wan1 and wan2" tq_mp_tunnel $C $S "$tmp"
tq_check "handshake through both NATs, both paths active at both ends" tq_mp_up $C $S

tq_check "a $SECS s TCP download starts" tq_gp_start $C $S $TQ_IN_C4 $SECS "$tmp/gp.json"
t0=$(tq_now_ms)
tq_sleep_until $((t0 + 2000))
tq_check "R1's NAT rebound to $NEW, ports 20000-29999" rebind
t1=$(tq_now_ms)
echo "#   the rebind took $((t1 - t0 - 2000)) ms"
tq_sleep_until $((t1 + 1500))
tq_show_window $C 3000 "from 1.5 s to 4.5 s after the rebind"
tq_check "traffic goes on over WAN 1, both ways" \
	test $tx1 -gt $FLOW -a $rx1 -gt $FLOW
# At the debug kernel's rate WAN 1 alone may carry it all: then WAN 2 is
# idle, rightly.
tq_check_rate "traffic goes on over WAN 2, both ways" \
	test $tx2 -gt $FLOW -a $rx2 -gt $FLOW
echo "#   the server received $(seen) packets from the new mapping"
tq_check "the server heard the client at its new address and port" \
	test "$(seen)" -gt 0
tq_check "the download completed" tq_gp_wait
echo "#   longest zero-goodput gap $(tq_gp_gap "$tmp/gp.json") ms; mean goodput $(tq_gp_mbit "$tmp/gp.json") Mbit/s"
tq_ktap_finish
