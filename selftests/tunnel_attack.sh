#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An on-path attacker without keys (tq_attack): replayed packets, packets
# with a bit flipped, truncated packets, random datagrams and a flood of
# replayed handshake initiations all reach the server's port. Each is
# refused and counted under the right name, none is delivered, the server
# does not follow the attacker's address, and the tunnel works after each.
# shellcheck source=lib/tunnel.sh
. "$(dirname "$0")/lib/tunnel.sh"
tq_require ip jq ping nft tquic-keygen tq_attack

tq_test_setup ta

# attack ARGS...: tq_attack from the client's namespace (its address, but
# not its port) at the server; prints how many datagrams it sent.
attack() {
	ip netns exec $C tq_attack "$@" > "$tmp/attack.log" 2>&1
	echo "# tq_attack $1: $(tail -n 1 "$tmp/attack.log")" >&2
	sed -n 's/^sent \([0-9]*\) datagrams.*/\1/p' "$tmp/attack.log"
}

# The server's counters, each reading one netlink dump: its refusal and
# handshake counters, then the inner packets tquic0 delivered
# (rx_packets), as one JSON object.
COUNTERS=(rx_malformed rx_unknown_cid rx_auth_failed rx_replayed rx_bad_inner
	  hs_rx_invalid hs_rx_replayed hs_rx_dropped hs_cookies_sent hs_completed)
dump() {
	ip -n $S -s -d -j link show dev tquic0 |
		jq -c --arg k "${COUNTERS[*]}" '.[0] | .linkinfo.info_xstats as $x |
			reduce ($k | split(" "))[] as $n ({}; .[$n] = $x[$n]) +
			{rx_packets: .stats64.rx.packets}'
}
# snap notes the counters; measure reads them again and fills d[NAME] with
# how much each rose since; delta NAME prints that.
declare -A d
base= cur=
snap() { base=$(dump); }
measure() {
	local k v
	[ -n "$cur" ] || cur=$(dump)
	d=()
	while read -r k v; do
		d[$k]=$v
	done < <(jq -nr --argjson a "$base" --argjson b "$cur" \
		'$b | to_entries[] | select(.value | type == "number") |
		 "\(.key) \(.value - $a[.key])"')
	cur=
}
delta() { echo "${d[$1]}"; }
show_deltas() {
	local k out=
	for k in "${COUNTERS[@]}" rx_packets; do
		out+=" $k=${d[$k]}"
	done
	echo "#  server counters rose by:$out"
}

# still_works DESC: the tunnel carries traffic both ways, with the
# session the attack found.
still_works() {
	tq_check "$1: tunnel still pings both ways" \
		bash -c "ip netns exec $C ping -q -c 3 -i 0.2 -W 2 $TQ_IN_S4 > /dev/null &&
			 ip netns exec $S ping -q -c 3 -i 0.2 -W 2 $TQ_IN_C4 > /dev/null"
}

# settled: the refusal and handshake counters stop moving (the attack's
# packets have all arrived; pings may go on); then measure with the last
# reading.
settled_once() {
	local a
	a=$(dump)
	sleep 0.5
	cur=$(dump)
	[ "${a%,\"rx_packets\"*}" = "${cur%,\"rx_packets\"*}" ]
}
settled() { cur=; tq_wait_for 20 settled_once; measure; }

tq_ktap_begin 28
tq_wan $C $S
ip netns exec $C tq_attack capture wan $TQ_PORT 80 "$tmp/cap.pcap" 60 \
	> "$tmp/capture.log" 2>&1 &
cap_pid=$!
pids+=($cap_pid)
tq_wait_for 5 grep -q '^capturing on' "$tmp/capture.log"
# No scheduled rekey during the test: every handshake would be the attack's.
TQ_SERVER_OPTS="rekey-time 600"
tq_check "tunnel up" tq_tunnel $C $S "$tmp" $TQ_S4 rekey-time 600
tq_check "handshake, pings" tq_up $C
ip netns exec $C ping -q -c 40 -i 0.02 $TQ_IN_S4 > /dev/null
tq_check "capture holds the handshake and 1-RTT packets" tq_wait_for 20 \
	bash -c "! kill -0 $cap_pid 2>/dev/null"
wait $cap_pid
pids=()
hs_server=$(tq_xstat $S hs_completed)

# --- replay ----------------------------------------------------------------------------
snap
n=$(attack replay "$tmp/cap.pcap" $TQ_S4 $TQ_PORT --dport $TQ_PORT --type short)
settled
show_deltas
tq_expect_eq "replayed 1-RTT packets: each counted rx_replayed" "$n" "$(delta rx_replayed)"
tq_expect_eq "replayed: none delivered" 0 "$(delta rx_packets)"
still_works "replay"

# --- a bit flipped -----------------------------------------------------------------------
# refused: what the server refused of 1-RTT packets since snap().
refused_1rtt() {
	echo $(($(delta rx_auth_failed) + $(delta rx_replayed) + $(delta rx_malformed) +
		$(delta rx_unknown_cid)))
}
# A bit flipped in the ciphertext of a packet the server has already
# accepted says nothing about the tag: the packet number is intact, so the
# replay check refuses it before decryption. These are packets the server
# never saw: the client's pings while nftables in the server's namespace
# dropped them (the capture on the server's WAN sees them first). Their
# packet numbers are unseen and inside the replay window (a few dozen
# packets go by before they are replayed, the window holds about 2000),
# so each one reaches the AEAD, and with one bit of its ciphertext (byte
# 30, past any short header) flipped, each one fails it: rx_auth_failed
# rises by exactly the number sent, and no other refusal counter moves.
snap
tq_check "nftables drops what reaches the server's port, after its capture" \
	tq_capture_unseen $C $S 20 "$tmp/unseen.pcap"
measure
tq_expect_eq "the server's tquic saw none of them" "0 0" \
	"$(delta rx_packets) $(($(delta rx_auth_failed) + $(delta rx_replayed)))"
snap
n=$(attack replay "$tmp/unseen.pcap" $TQ_S4 $TQ_PORT --dport $TQ_PORT --type short \
	--flip-bit 247)
settled
show_deltas
tq_check "packets the server never saw, replayed: $n" test "${n:-0}" -ge 10
tq_expect_eq "bit flipped in the ciphertext: each counted rx_auth_failed, nothing else" \
	"$n 0 0 0" \
	"$(delta rx_auth_failed) $(delta rx_replayed) $(delta rx_malformed) $(delta rx_unknown_cid)"
tq_expect_eq "bit flipped in the ciphertext: none delivered" 0 "$(delta rx_packets)"
# In the header protection sample (byte 16): the packet number decodes
# to another, mostly unseen, so the tag is what refuses it.
snap
n=$(attack replay "$tmp/cap.pcap" $TQ_S4 $TQ_PORT --dport $TQ_PORT --type short \
	--flip-bit 135)
settled
show_deltas
tq_expect_eq "bit flipped in the sample: each refused" "$n" "$(refused_1rtt)"
tq_check "bit flipped in the sample: rx_auth_failed counts them" \
	test "$(delta rx_auth_failed)" -gt 0
tq_expect_eq "bit flipped in the sample: none delivered" 0 "$(delta rx_packets)"
still_works "bit flips"

snap
n=$(attack replay "$tmp/cap.pcap" $TQ_S4 $TQ_PORT --dport $TQ_PORT --type initial \
	--flip-bit 600)
settled
show_deltas
tq_check "flipped bit in the Initial: refused as invalid" test "$(delta hs_rx_invalid)" -ge "${n:-1}"
tq_expect_eq "no handshake completed with it" 0 "$(delta hs_completed)"

# --- truncated: too short for the header protection sample --------------------------------
snap
n=$(attack replay "$tmp/cap.pcap" $TQ_S4 $TQ_PORT --dport $TQ_PORT --type short \
	--truncate 20)
settled
show_deltas
tq_expect_eq "truncated: each counted rx_malformed" "$n" "$(delta rx_malformed)"
still_works "truncation"

# --- junk -------------------------------------------------------------------------------
snap
n=$(attack junk $TQ_S4 $TQ_PORT 2000)
settled
show_deltas
refused=$(($(delta rx_malformed) + $(delta rx_unknown_cid) + $(delta rx_auth_failed) +
	   $(delta rx_replayed) + $(delta rx_bad_inner) + $(delta hs_rx_invalid) +
	   $(delta hs_rx_replayed) + $(delta hs_rx_dropped)))
tq_expect_eq "junk: every datagram counted as refused" "$n" "$refused"
tq_expect_eq "junk: none delivered" 0 "$(delta rx_packets)"
still_works "junk"

# --- handshake flood: 2000 replays of the captured Initial -------------------------------
snap
ip netns exec $C ping -q -i 0.2 -W 2 $TQ_IN_S4 > "$tmp/ping-flood.log" 2>&1 &
ping_pid=$!
pids+=($ping_pid)
start=$SECONDS
n=$(attack replay "$tmp/cap.pcap" $TQ_S4 $TQ_PORT --dport $TQ_PORT --type initial \
	--repeat 2000)
settled
kill -INT $ping_pid
wait $ping_pid
pids=()
show_deltas
echo "# flood of $n Initials absorbed in $((SECONDS - start)) s; pings meanwhile: $(grep -o '[0-9]* received' "$tmp/ping-flood.log")"
shed=$(($(delta hs_cookies_sent) + $(delta hs_rx_dropped)))
dh=$(($(delta hs_rx_replayed) + $(delta hs_rx_invalid)))
tq_check "flood: load shed (cookies or drops) or replays detected" \
	test $((shed + $(delta hs_rx_replayed))) -gt 0
# Each Initial is answered without DH (Retry or drop) or costs one: the
# DH work must stay below the flood, whatever the host's speed.
tq_check "flood: DH computations bounded ($dh of $n)" \
	test "$dh" -lt "${n:-0}" -a $((dh + shed)) -ge $((n * 9 / 10))
tq_expect_eq "flood: no session made, none replaced" 0 "$(delta hs_completed)"
tq_check "flood: pings went through during it" \
	grep -qE ' [1-9][0-9]* received' "$tmp/ping-flood.log"
still_works "flood"

tq_expect_eq "after everything: the first session still carries the tunnel" \
	"$hs_server established established" \
	"$(tq_xstat $S hs_completed) $(tq_xstat $S session) $(tq_xstat $C session)"
tq_ktap_finish
