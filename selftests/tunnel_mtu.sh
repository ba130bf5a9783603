#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MTU of the tunnel. A host H routes through the client C into the tunnel;
# the outer path from C to the server S crosses two routers whose link has
# a smaller MTU (1300) than the slaves at either end (1500):
#
#   H --lan-- C ==tquic0== S      outer: C --wan-- R1 --(1300)-- R2 --wan-- S
#
# Too big for tquic0: H's DF ping gets "frag needed" with tquic0's MTU.
# Fits tquic0 but not the outer path: the tunnel learns the path MTU and
# H's DF ping gets "frag needed" with an MTU that then goes through. TCP
# both ways between H and S works across all this (fixed-size transfer,
# compared byte for byte).
# shellcheck source=lib/tunnel.sh
. "$(dirname "$0")/lib/tunnel.sh"
tq_require ip jq ping ss cmp nc tquic-keygen

tq_test_setup tm H

PATH_MTU=1300
S_WAN=198.51.100.2
H4=10.1.0.2 C_LAN=10.1.0.1

# frag_mtu NS ARGS...: the MTU in the "frag needed" a DF ping got, if any.
frag_mtu() {
	local ns=$1
	shift
	ip netns exec "$ns" ping -M do -W 1 "$@" > "$tmp/ping.log" 2>&1
	sed 's/^/#     /' "$tmp/ping.log" >&2
	sed -n 's/.*Frag needed and DF set (mtu = \([0-9]*\)).*/\1/p' \
		"$tmp/ping.log" | tail -n 1
}

# transfer NAME FROM_NS TO_NS TO_ADDR PORT: FROM sends $tmp/data over TCP to
# TO, which writes $tmp/NAME.out; true when the copy is whole.
transfer() {
	local name=$1 from=$2 to=$3 addr=$4 port=$5
	timeout 60 ip netns exec "$to" nc -l -p "$port" > "$tmp/$name.out" &
	local srv=$!
	tq_wait_for 10 tq_tcp_listening "$to" "$port" || return 1
	local start=$SECONDS rc=0
	timeout 60 ip netns exec "$from" bash -c \
		"cat $tmp/data > /dev/tcp/$addr/$port" || rc=1
	[ $rc = 0 ] || kill $srv 2>/dev/null
	wait $srv
	echo "#   $name: $(stat -c %s "$tmp/$name.out") bytes in $((SECONDS - start)) s"
	[ $rc = 0 ] || return 1
	cmp -s "$tmp/data" "$tmp/$name.out"
}

tq_ktap_begin 15
for ns in $H $C $R1 $R2 $S; do
	ip netns add "$ns" && ip -n "$ns" link set lo up
done
ip -n $H link add lan type veth peer lan netns $C
ip -n $C link add wan type veth peer toc netns $R1
ip -n $R1 link add mid type veth peer mid netns $R2
ip -n $R2 link add tos type veth peer wan netns $S
ip -n $H addr add $H4/24 dev lan
ip -n $C addr add $C_LAN/24 dev lan
ip -n $C addr add $TQ_C4/24 dev wan
ip -n $R1 addr add 192.0.2.254/24 dev toc
ip -n $R1 addr add 203.0.113.1/24 dev mid
ip -n $R2 addr add 203.0.113.2/24 dev mid
ip -n $R2 addr add 198.51.100.254/24 dev tos
ip -n $S addr add $S_WAN/24 dev wan
ip -n $R1 link set mid mtu $PATH_MTU
ip -n $R2 link set mid mtu $PATH_MTU
for l in "$H lan" "$C lan" "$C wan" "$R1 toc" "$R1 mid" "$R2 mid" "$R2 tos" "$S wan"; do
	# shellcheck disable=SC2086
	set -- $l
	ip -n "$1" link set "$2" up
done
ip -n $H route add default via $C_LAN
ip -n $C route add default via 192.0.2.254
ip -n $R1 route add 198.51.100.0/24 via 203.0.113.2
ip -n $R2 route add 192.0.2.0/24 via 203.0.113.1
ip -n $S route add default via 198.51.100.254
for ns in $C $R1 $R2; do
	ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
done
tq_check "router path: C reaches S's WAN address" \
	tq_wait_for 5 tq_pings $C $S_WAN

tq_check "tunnel across the router" tq_tunnel $C $S "$tmp" $S_WAN
ip -n $S route add 10.1.0.0/24 dev tquic0
tq_check "handshake, pings" tq_up $C
tun_mtu=$(ip -n $C -j link show tquic0 | jq '.[0].mtu')
echo "# tquic0 MTU $tun_mtu, outer path MTU $PATH_MTU, slaves' MTU 1500"
tq_check "H reaches the server's inner address through C" tq_pings $H $TQ_IN_S4

# --- too big for tquic0 ---------------------------------------------------------------
tq_expect_eq "DF ping too big for tquic0: frag needed with tquic0's MTU" \
	"$tun_mtu" "$(frag_mtu $H -c 2 -i 0.3 -s $((tun_mtu + 1 - 28)) $TQ_IN_S4)"
tq_check "small pings still pass" tq_pings $H $TQ_IN_S4

# --- fits tquic0, not the outer path ---------------------------------------------------
too_big0=$(tq_xstat $C tx_too_big)
# The first ones are lost at R1, whose ICMP teaches C the path MTU.
mtu=$(frag_mtu $H -c 6 -i 0.3 -s $((tun_mtu - 28)) $TQ_IN_S4)
echo "# frag needed from the tunnel: mtu ${mtu:-none}"
tq_check "frag needed for a packet the outer path cannot carry" test -n "$mtu"
# Outer IPv4 + UDP + the smallest short header, DATAGRAM frame and tag
# (1 + 8 + 1 + 1 + 1 + 16) at least; TQUIC_OVERHEAD (98) at most.
tq_check "its MTU fits the path: $((PATH_MTU - 98)) <= mtu <= $((PATH_MTU - 56))" \
	test "${mtu:-0}" -ge $((PATH_MTU - 98)) -a "${mtu:-0}" -le $((PATH_MTU - 56))
tq_check "tx_too_big counted" test "$(tq_xstat $C tx_too_big)" -gt "$too_big0"
tq_check "DF ping of that MTU goes through" \
	bash -c "ip netns exec $H ping -q -M do -c 2 -W 2 -s $((${mtu:-1300} - 28)) $TQ_IN_S4 > /dev/null"
tq_expect_eq "the client's tunnel takes no blame for it" "0 0" \
	"$(tq_xstat $C tx_errors) $(tq_xstat $S rx_malformed)"

# --- TCP both ways -----------------------------------------------------------------------
# Hundreds of full-size segments each way: 2 MB, or 500 kB (still some 400
# segments) on the debug kernel, whose TCP moves under 1 Mbit/s here.
size=2000000
tq_debug_kernel && size=500000
head -c $size /dev/urandom > "$tmp/data"
tq_check "$size bytes over TCP, H -> S, whole" transfer up $H $S $TQ_IN_S4 5001
tq_check "$size bytes over TCP, S -> H, whole" transfer down $S $H $H4 5002
tq_check "$size bytes over TCP, tunnel end C -> S, whole" transfer local $C $S $TQ_IN_S4 5003
tq_expect_eq "no packet refused for its size or shape" "0 0 0 0" \
	"$(tq_xstat $C rx_malformed) $(tq_xstat $S rx_malformed) $(tq_xstat $C rx_auth_failed) $(tq_xstat $S rx_auth_failed)"
tq_ktap_finish
