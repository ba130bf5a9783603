#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Life of a tquic link: create, show, change, slaves that change under it,
# many create/delete cycles, namespaces, module unload with links up.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
require ip jq modprobe rmmod tquic

A=tq-lc-a-$$ B=tq-lc-b-$$ D=tq-lc-d-$$ E=tq-lc-e-$$
cleanup() {
	local ns
	for ns in $A $B $D $E; do ip netns del "$ns" 2>/dev/null; done
	ip link del tq-init 2>/dev/null
	ip link del tq-lc-u0 2>/dev/null
}
trap cleanup EXIT

ipa() { ip -n "$A" "$@"; }
flags() { ipa -j link show dev "$1" | jq -r '.[0].flags | join(",")'; }
has_flag() { [[ ",$(flags "$1")," == *",$2,"* ]]; }
# info JQ: evaluate JQ on tquic0's configuration as ip -j -d shows it.
info() { tq_info "$A" tquic0 "$1"; }
slaves_of() { info '[.slaves[]?.ifname] | join(" ")'; }
slave_up() { info ".slaves[] | select(.ifname == \"$1\") | .oper_up"; }

ktap_begin 32
ip netns add $A && ip netns add $B && ip netns add $D && ip netns add $E
ipa link add w0a type veth peer w0b
ipa link add w1a type veth peer w1b
ipa addr add 192.0.2.1/24 dev w0a
ipa link set w0a up && ipa link set w0b up

# --- create and show --------------------------------------------------------
check "create with two slaves" \
	ipa link add tquic0 type tquic slaves w0a w1a peer 198.51.100.7 port 4433
expect_eq "json: kind" tquic \
	"$(ipa -j -d link show tquic0 | jq -r '.[0].linkinfo.info_kind')"
expect_eq "json: slaves in order" "w0a w1a" "$(slaves_of)"
expect_eq "json: peer, port, mode" '"198.51.100.7" 4433 "aggregate" null' \
	"$(info '"\(.peer|tojson) \(.port) \(.mode|tojson) \(.listen)"')"
text=$(ipa -d link show tquic0)
check "text: ip -d prints the configuration" \
	grep -q "tquic slaves w0a w1a peer 198.51.100.7 port 4433 mode aggregate" <<< "$text"
expect_eq "tquic show reads the same link" '"w0a w1a" "198.51.100.7" 4433' \
	"$(ip netns exec $A tquic -j show tquic0 | jq -r '.[0] | "\([.slaves[].ifname] | join(" ") | tojson) \(.peer.address | tojson) \(.peer.port)"')"
check "point-to-point, no ARP, no link-layer address" \
	bash -c "[[ '$(flags tquic0)' == *POINTOPOINT*NOARP* ]]"
expect_eq "default MTU leaves room for the worst-case overhead" 1402 \
	"$(ipa -j link show tquic0 | jq '.[0].mtu')"

# --- slaves are used, not captured -------------------------------------------
expect_eq "slave keeps its address" 192.0.2.1 \
	"$(ipa -j addr show w0a | jq -r '.[0].addr_info[] | select(.family == "inet") | .local')"
expect_eq "slave keeps its route" w0a \
	"$(ipa -j route show 192.0.2.0/24 | jq -r '.[0].dev')"
expect_eq "slave has no master" null \
	"$(ipa -j link show w0a | jq -r '.[0].master')"

# --- change -------------------------------------------------------------------
check "change slaves, mode, ports" \
	ipa link set tquic0 type tquic slaves w1a mode redundant port 5000 listen 6000
expect_eq "change took effect" '"w1a" 5000 6000 "redundant"' \
	"$(info '"\(.slaves[0].ifname|tojson) \(.port) \(.listen) \(.mode|tojson)"')"
ipa link set tquic0 type tquic slaves w0a w0a mode aggregate 2>/dev/null
expect_eq "rejected change leaves the link as it was" '"w1a" "redundant"' \
	"$(info '"\(.slaves[0].ifname|tojson) \(.mode|tojson)"')"
check "change back to two slaves" ipa link set tquic0 type tquic slaves w0a w1a

# --- carrier follows the slaves ------------------------------------------------
ipa link set tquic0 up
ipa link set w1a down
ipa link set w0a down
check "no slave up: NO-CARRIER" wait_for 5 has_flag tquic0 NO-CARRIER
expect_eq "slave shown down" false "$(slave_up w0a)"
ipa link set w1b up && ipa link set w1a up
check "one slave up: LOWER_UP" wait_for 5 has_flag tquic0 LOWER_UP
expect_eq "slave shown up" true "$(slave_up w1a)"

# --- slaves changing under a live link -----------------------------------------
ipa link set w1a down && ipa link set w1a name wan1 && ipa link set wan1 up
expect_eq "renamed slave shown by its new name" "w0a wan1" \
	"$(slaves_of)"
dmesg -c > /dev/null
ipa link del w0a
expect_eq "deleted slave dropped from the link" "wan1" \
	"$(slaves_of)"
expect_eq "one message for the dropped slave" 1 \
	"$(dmesg | grep -c 'slave w0a unregistered, dropped')"
ipa link set wan1 netns $B
expect_eq "slave moved to another netns is dropped" null \
	"$(info '.slaves | tojson')"
check "no slave left: NO-CARRIER" wait_for 5 has_flag tquic0 NO-CARRIER
check "moved slave is whole in its new netns" ip -n $B -br link show wan1

# --- 200 create/delete cycles ----------------------------------------------------
ipa link add w2a type veth peer w2b
fails=0
start=$SECONDS
for i in $(seq 200); do
	ipa link add tqc$i type tquic slaves w2a listen 4433 &&
		ipa link del tqc$i || fails=$((fails + 1))
done
echo "# 200 create/delete cycles in $((SECONDS - start)) s"
expect_eq "200 create/delete cycles all succeed" 0 "$fails"
check "slave of 200 dead links is free to go" timeout 10 ip -n $A link del w2a

# --- namespaces --------------------------------------------------------------------
ip -n $D link add w3a type veth peer w3b netns $E
ip -n $D link add tquic0 type tquic slaves w3a listen 4433
expect_eq "link in a non-init netns is not seen in init" 0 \
	"$(count_tquic)"
ip netns del $D
check "netns deletion with a live link frees its slave" \
	wait_for 10 bash -c "! ip -n $E link show w3b 2>/dev/null"

# --- module unload with links up -----------------------------------------------------
ip link add tq-lc-u0 type veth peer tq-lc-u1
ip link add tq-init type tquic slaves tq-lc-u0 peer 198.51.100.9 port 4433
ip link set tq-init up
check "module unloads with links up in two namespaces" timeout 20 rmmod tquic
expect_eq "no tquic links survive the unload" "0 0" \
	"$(count_tquic) $(count_tquic -n $A)"
check "module loads again and links work" \
	bash -c "modprobe tquic && ip link add tq-init type tquic slaves tq-lc-u0 listen 1 && ip link del tq-init"
ktap_finish
