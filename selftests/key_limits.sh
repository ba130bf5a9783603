#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RFC 9001 6.6's usage limits of a key, lowered through the module's
# testing knobs (confidentiality_limit 2000, integrity_limit 50):
#   - a flood of pings rekeys each time a keypair nears 2000 packets sealed,
#     in time (none refused) and without losing pings;
#   - forged packets (a bit flipped, never seen before) retire the keypair
#     at the 50th, a new handshake follows and the tunnel goes on;
#   - with every handshake blocked, a keypair seals 2000 packets and no
#     more: the rest are dropped and counted (tx_key_limit).
# Each handshake here is a limit's: rekey-time is 600 s on both ends.
# shellcheck source=lib/tunnel.sh
. "$(dirname "$0")/lib/tunnel.sh"
tq_require ip jq ping nft tquic-keygen tq_attack

SEAL=2000 FORGED=50
PARAMS=/sys/module/tquic/parameters

tq_test_setup kl

tq_ktap_begin 27

# --- the knobs ----------------------------------------------------------------------
tq_check "modinfo documents both knobs" \
	bash -c "modinfo -F parm tquic | grep -q '^confidentiality_limit:' &&
		 modinfo -F parm tquic | grep -q '^integrity_limit:'"
tq_expect_eq "both default to the RFC's limits (0)" "0 0" \
	"$(cat $PARAMS/confidentiality_limit) $(cat $PARAMS/integrity_limit)"
tq_at_cleanup "echo 0 > $PARAMS/confidentiality_limit; echo 0 > $PARAMS/integrity_limit"
tq_check "a confidentiality limit below 256 is refused" \
	bash -c "! echo 255 > $PARAMS/confidentiality_limit 2>/dev/null"
tq_check "an integrity limit above 2^52 is refused" \
	bash -c "! echo $(((1 << 52) + 1)) > $PARAMS/integrity_limit 2>/dev/null"
echo $SEAL > $PARAMS/confidentiality_limit
echo $FORGED > $PARAMS/integrity_limit
tq_expect_eq "the knobs took the lowered limits" "$SEAL $FORGED" \
	"$(cat $PARAMS/confidentiality_limit) $(cat $PARAMS/integrity_limit)"

# --- counters ---------------------------------------------------------------------------
COUNTERS=(hs_completed rekeys_at_limit tx_key_limit keys_forged_out rx_auth_failed
	  rx_unknown_cid rx_replayed tx_errors)
# dump NS: NS's counters, the packets its paths sent (tx_packets) and its
# key phase, as one JSON object from one netlink dump.
dump() {
	ip -n "$1" -s -d -j link show dev tquic0 |
		jq -c --arg k "${COUNTERS[*]}" '.[0].linkinfo.info_xstats as $x |
			reduce ($k | split(" "))[] as $n ({}; .[$n] = $x[$n]) +
			{tx_packets: ([$x.paths[]?.tx_packets] | add // 0),
			 key_phase: $x.key_phase}'
}
# snap notes both ends' counters; measure fills dc[NAME] and ds[NAME] with
# how much each rose at the client and at the server since.
declare -A dc ds
snap() { base_c=$(dump $C) base_s=$(dump $S); }
deltas() {
	jq -nr --argjson a "$1" --argjson b "$2" \
		'$b | to_entries[] | "\(.key) \(.value - $a[.key])"'
}
measure() {
	local k v
	dc=() ds=()
	while read -r k v; do dc[$k]=$v; done < <(deltas "$base_c" "$(dump $C)")
	while read -r k v; do ds[$k]=$v; done < <(deltas "$base_s" "$(dump $S)")
	for k in "${COUNTERS[@]}" tx_packets; do
		echo "#  $k: client +${dc[$k]}, server +${ds[$k]}"
	done
}
# flood COUNT: COUNT pings from the client as fast as they come back (or
# every 10 ms when they do not); prints how many were answered.
flood() {
	ip netns exec $C ping -q -f -c "$1" -W 1 $TQ_IN_S4 > "$tmp/ping.log" 2>&1
	grep -o '[0-9]* received' "$tmp/ping.log" | cut -d' ' -f1
}
works() {
	ip netns exec $C ping -q -c 3 -i 0.2 -W 2 $TQ_IN_S4 > /dev/null &&
		ip netns exec $S ping -q -c 3 -i 0.2 -W 2 $TQ_IN_C4 > /dev/null
}
# fresh_keys: the client rekeys now (a check); its new keypair has sealed
# next to nothing.
fresh_keys() {
	local hs
	hs=$(tq_xstat $C hs_completed)
	ip -n $C link set tquic0 type tquic rekey
	tq_check "fresh keys" tq_wait_for 10 bash -c "[ \$(ip -n $C -s -d -j link show dev tquic0 |
		jq .[0].linkinfo.info_xstats.hs_completed) -gt $hs ]"
}

tq_wan $C $S
TQ_SERVER_OPTS="rekey-time 600"
tq_check "tunnel up" tq_tunnel $C $S "$tmp" $TQ_S4 rekey-time 600
tq_check "handshake, pings" tq_up $C

# --- confidentiality limit: rekeys in time ------------------------------------------------
# Each keypair seals at most 2000 packets, so 5000 pings and their replies
# need at least three keypairs each way: two rekeys or more, each started
# at 1500 packets (a quarter of the limit to spare) by the end that got
# there first, and completed before either end ran out.
snap
n=5000
got=$(flood $n)
echo "# $(tail -n 2 "$tmp/ping.log" | head -n 1)"
measure
tq_check "flood: $got of $n pings answered (at most 1% lost)" \
	test "${got:-0}" -ge $((n * 99 / 100))
tq_check "flood: the client sealed more than two keypairs' worth (${dc[tx_packets]})" \
	test "${dc[tx_packets]}" -gt $((2 * SEAL))
tq_check "flood: keypairs reached the rekey threshold ($((dc[rekeys_at_limit] + ds[rekeys_at_limit])) times)" \
	test $((dc[rekeys_at_limit] + ds[rekeys_at_limit])) -ge 2
tq_check "flood: new keys at least every $SEAL packets (${dc[hs_completed]} handshakes)" \
	test "${dc[hs_completed]}" -ge $(((dc[tx_packets] - 1) / SEAL))
tq_expect_eq "flood: every rekey in time, no packet refused for its key's limit" \
	"0 0 0 0" "${dc[tx_key_limit]} ${ds[tx_key_limit]} ${dc[tx_errors]} ${ds[tx_errors]}"
tq_check "tunnel works after the flood" works

# --- integrity limit: forged packets retire the keypair ------------------------------------
# Packets the server never saw (nftables drops them after the capture on
# its WAN has them), replayed with a bit of their ciphertext flipped:
# their numbers are new to the replay window, so each reaches the AEAD and
# fails it (tunnel_attack.sh). 30 of them, twice over: the 50th retires
# the keypair, the ones after it name a CID that is no more. On fresh
# keys, so that no rekey at the limit comes in between.
fresh_keys
tq_check "captured packets the server never saw" \
	tq_capture_unseen $C $S 30 "$tmp/unseen.pcap"
snap
ip netns exec $C tq_attack replay "$tmp/unseen.pcap" $TQ_S4 $TQ_PORT --dport $TQ_PORT \
	--type short --flip-bit 247 --repeat 2 > "$tmp/attack.log" 2>&1
sent=$(sed -n 's/^sent \([0-9]*\) datagrams.*/\1/p' "$tmp/attack.log")
echo "# tq_attack: $(tail -n 1 "$tmp/attack.log")"
tq_check "forged: the server retired the keypair and took new keys" \
	tq_wait_for 20 bash -c "[ \"\$(ip -n $S -s -d -j link show dev tquic0 |
		jq '.[0].linkinfo.info_xstats | .keys_forged_out > 0 and .session == \"established\"')\" = true ]"
tq_check "forged: the tunnel works with the new keys" tq_wait_for 20 works
measure
tq_check "forged: more sent than the limit ($sent)" test "${sent:-0}" -gt $FORGED
tq_expect_eq "forged: $FORGED failed authentication, one keypair retired, the rest found no CID" \
	"$FORGED 1 $((sent - FORGED)) 0" \
	"${ds[rx_auth_failed]} ${ds[keys_forged_out]} ${ds[rx_unknown_cid]} ${ds[rx_replayed]}"
tq_check "forged: a new handshake followed (${ds[hs_completed]})" test "${ds[hs_completed]}" -ge 1
tq_expect_eq "forged: the client retired none" 0 "${dc[keys_forged_out]}"

# --- confidentiality limit: never past it ---------------------------------------------------
# Fresh keys, then every handshake blocked (the server drops long-header
# packets: initiations and responses alike): the client's keypair seals
# its 2000 packets, then refuses the rest of 2500 pings.
fresh_keys
cat > "$tmp/nohs.nft" << EOF
table inet tq_kl {
	chain pre {
		type filter hook prerouting priority raw; policy accept;
		udp dport $TQ_PORT @th,64,1 1 drop
	}
}
EOF
ip netns exec $S nft -f "$tmp/nohs.nft"
snap
n=2500
got=$(flood $n)
measure
echo "# $got of $n pings answered"
tq_check "blocked: the client's keypair sealed at most $SEAL (${dc[tx_packets]})" \
	test "${dc[tx_packets]}" -le $SEAL
tq_check "blocked: and close to that many (${dc[tx_packets]} of $SEAL)" \
	test "${dc[tx_packets]}" -ge $((SEAL * 95 / 100))
tq_check "blocked: the packets past it dropped, counted (${dc[tx_key_limit]})" \
	test "${dc[tx_key_limit]}" -ge $((n - SEAL - 50))
tq_expect_eq "blocked: no new keys came" "0 0" "${dc[hs_completed]} ${ds[hs_completed]}"
ip netns exec $S nft delete table inet tq_kl
ip -n $C link set tquic0 type tquic rekey
tq_check "handshakes let through: new keys, the tunnel works" tq_wait_for 30 works
tq_ktap_finish
