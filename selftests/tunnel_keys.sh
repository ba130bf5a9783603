#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Keys of a tunnel: a wrong peer key or PSK lets nothing through and is
# counted; fixing it with `ip link set` takes effect; rekeying every few
# seconds under load loses nothing; a peer that stops answering sees
# initiations retried with growing gaps, then its session expires.
# shellcheck source=lib/tunnel.sh
. "$(dirname "$0")/lib/tunnel.sh"
# shellcheck source=lib/goodput.sh
. "$(dirname "$0")/lib/goodput.sh"
tq_require ip jq ping iperf3 ss tc tquic-keygen

tq_test_setup tk

REKEY=3

# no_traffic NS ADDR: three seconds of pings, none answered.
no_traffic() {
	! ip netns exec "$1" ping -q -c 6 -i 0.5 -W 1 "$2" > /dev/null 2>&1
}

# above NS NAME N: that counter of tquic0 in NS is above N.
above() { [ "$(tq_xstat "$1" "$2")" -gt "$3" ]; }
# rises NS NAME FROM: the counter goes above FROM within 10 s.
rises() { tq_wait_for 10 above "$@"; }
# invalid: handshake messages refused at both ends together.
invalid() { echo $(($(tq_xstat $C hs_rx_invalid) + $(tq_xstat $S hs_rx_invalid))); }
invalid_above() { [ "$(invalid)" -gt "$1" ]; }

set_key() {
	ip -n "$1" link set tquic0 type tquic "${@:2}"
}

# hs_state: "KEY-PHASE INITIATIONS SESSION" of the client's link, from one
# dump, parsed by bash from ip's text: the loops below sample it every
# fraction of a second, and jq would take longer than that to start in
# the test VM.
hs_state() {
	local re='session ([a-z]+) key-phase ([01]) .*initiations-sent ([0-9]+) '
	[[ $(ip -n $C -s -d link show dev tquic0) =~ $re ]] &&
		echo "${BASH_REMATCH[2]} ${BASH_REMATCH[3]} ${BASH_REMATCH[1]}"
}

tq_ktap_begin 32
tq_wan $C $S
tq_keygen "$tmp" c && tq_keygen "$tmp" s && tq_keygen "$tmp" w
tquic-keygen psk -o "$tmp/psk1" && tquic-keygen psk -o "$tmp/psk2"

# --- wrong keys ---------------------------------------------------------------------
# The client believes the server's key is w's.
cp "$tmp/s.key" "$tmp/real-s.key" && cp "$tmp/s.pub" "$tmp/real-s.pub"
cp "$tmp/w.pub" "$tmp/s.pub"
TQ_SERVER_OPTS="rekey-time $REKEY"
tq_check "links with a wrong server key at the client" \
	tq_tunnel $C $S "$tmp" $TQ_S4 rekey-time $REKEY
cp "$tmp/real-s.pub" "$tmp/s.pub"
tq_check "wrong server key: no traffic" no_traffic $C $TQ_IN_S4
tq_check "server counts invalid initiations" rises $S hs_rx_invalid 0
tq_expect_eq "no session at either end" "0 0" \
	"$(tq_xstat $C hs_completed) $(tq_xstat $S hs_completed)"
tq_check "the client retries its initiation" rises $C hs_initiations_sent 1

tq_check "ip link set: right server key" \
	set_key $C peer-key "$(cat "$tmp/s.pub")"
tq_check "right key: traffic flows" tq_up $C
tq_expect_eq "peer key shown" "$(cat "$tmp/s.pub")" "$(tq_info $C tquic0 .peer_key)"
tq_expect_eq "public key shown, derived from the private key" \
	"$(cat "$tmp/c.pub")" "$(tq_info $C tquic0 .public_key)"

# The server believes the client's key is w's.
inv=$(tq_xstat $S hs_rx_invalid)
set_key $S peer-key "$(cat "$tmp/w.pub")"
set_key $C rekey
tq_check "unknown client key at the server: rekeys are refused" \
	rises $S hs_rx_invalid "$inv"
set_key $S peer-key "$(cat "$tmp/c.pub")"

# --- PSK ----------------------------------------------------------------------------
# Only one end has a PSK, then both have different ones.
inv=$(invalid)
hs=$(tq_xstat $C hs_completed)
set_key $C psk "$tmp/psk1"
set_key $C rekey
tq_check "PSK at one end only: refused" tq_wait_for 10 invalid_above "$inv"
tq_expect_eq "psk shown as set, never its value" "true" \
	"$(tq_info $C tquic0 .psk)"
tq_check "PSK never printed" bash -c "! ip -n $C -d link show tquic0 | grep -qF '$(cat "$tmp/psk1")'"
tq_check "private key never printed" bash -c "! ip -n $C -d -j link show tquic0 | grep -qF '$(cat "$tmp/c.key")'"
set_key $S psk "$tmp/psk2"
# Sessions made before the PSK was set must not outlive it for long:
# what counts here is that no new one is made with mismatched PSKs.
ip -n $C link set tquic0 down && ip -n $S link set tquic0 down
ip -n $C link set tquic0 up && ip -n $S link set tquic0 up
# The down took the inner IPv6 addresses (keep_addr_on_down is off).
tq_inner6 $C $TQ_IN_C6 && tq_inner6 $S $TQ_IN_S6
inv=$(invalid)
hs=$(tq_xstat $C hs_completed)
tq_check "different PSKs: no traffic" no_traffic $C $TQ_IN_S4
tq_check "different PSKs: handshakes counted invalid" \
	tq_wait_for 10 invalid_above "$inv"
tq_expect_eq "different PSKs: no new session" "$hs" "$(tq_xstat $C hs_completed)"
tq_check "ip link set: same PSK" set_key $S psk "$tmp/psk1"
# The client backs off after failed handshakes; an admin's rekey restarts it.
set_key $C rekey
if tq_up $C 20; then
	tq_ok "same PSK: traffic flows"
else
	tq_not_ok "same PSK: traffic flows"
	for ns in $C $S; do
		echo "#   $ns: $(ip -n $ns -s -d -j link show dev tquic0 | jq -c .[0].linkinfo.info_xstats)"
	done
fi

# --- rekey every $REKEY s under load ----------------------------------------------------
ip netns exec $S iperf3 -s > /dev/null 2>&1 &
pids+=($!)
tq_check "iperf3 server listens" tq_wait_for 10 tq_tcp_listening $S 5201
hs0=$(tq_xstat $C hs_completed)
# Losses a rekey could cause: a packet under a key the receiver dropped or
# does not have yet, or a send without keys (earlier checks caused some):
# "AUTH-FAILED UNKNOWN-CID NO-SESSION", from one dump (lib/tunnel.sh, tq_stats).
losses() {
	local t
	t=$(tq_stats "$1")
	echo "$(tq_num "$t" auth-failed) $(tq_num "$t" unknown-cid) $(tq_num "$t" no-session)"
}
loss_c=$(losses $C) loss_s=$(losses $S)
(
	# The key phase as seen every 0.2 s, for the record of the flips.
	while :; do
		read -r phase _ <<< "$(hs_state)" && echo "$phase"
		sleep 0.2
	done > "$tmp/phases"
) &
pids+=($!)
tq_check "iperf3 UDP 2 Mbit/s for 12 s across rekeys" \
	tq_iperf3_json "$tmp/udp.json" timeout 60 ip netns exec $C \
	iperf3 -J -c $TQ_IN_S4 -u -b 2M -t 12
hs1=$(tq_xstat $C hs_completed)
echo "# $((hs1 - hs0)) handshakes during the UDP run"
tq_check "rekeyed at least 3 times in 12 s" test $((hs1 - hs0)) -ge 3
tq_expect_eq "UDP: no datagram lost across rekeys" 0 \
	"$(jq .end.sum.lost_packets "$tmp/udp.json")"
tq_check "key phase flipped" bash -c "sort -u $tmp/phases | wc -l | grep -qx 2"
# Two rekey intervals: at least one rekey falls inside. A 256 KB window
# bounds what is left queued at the end, which the debug kernel's slow
# tunnel would take many seconds to carry.
tq_check "iperf3 TCP for $((2 * REKEY)) s across rekeys" \
	tq_iperf3_json "$tmp/tcp.json" timeout 60 ip netns exec $C \
	iperf3 -J -w 256K -c $TQ_IN_S4 -t $((2 * REKEY))
echo "# TCP: $(jq '.end.sum_received.bits_per_second / 1e6 | floor' "$tmp/tcp.json") Mbit/s, $(jq .end.sum_sent.retransmits "$tmp/tcp.json") retransmits"
tq_check "rekeyed during the TCP run" test "$(tq_xstat $C hs_completed)" -gt "$hs1"
# TCP's own retransmits have other causes (its congestion control on a
# CPU-bound path): the tunnel's counters tell what the rekeys cost.
tq_expect_eq "no packet lost to a key change (client)" "$loss_c" "$(losses $C)"
tq_expect_eq "no packet lost to a key change (server)" "$loss_s" "$(losses $S)"
kill "${pids[@]}" 2>/dev/null
wait 2>/dev/null
pids=()

# --- the server stops answering ---------------------------------------------------------
tc -n $S qdisc add dev wan root netem loss 100%
# No traffic from here: the rekey timer alone drives the initiations.
start=$SECONDS
times=()
last=$(tq_xstat $C hs_initiations_sent)
# Milliseconds since boot, from /proc/uptime (busybox date has no %N).
uptime_ms() {
	local up _
	read -r up _ < /proc/uptime
	echo $((10#${up/./} * 10))
}
t0=$(uptime_ms)
ms() { echo $(($(uptime_ms) - t0)); }
# Until the session is gone, which ends the retries, or well past when it
# must have gone.
while [ -z "${expired:-}" ] && [ $((SECONDS - start)) -lt $((4 * REKEY + 8)) ]; do
	read -r _ cur state <<< "$(hs_state)"
	now=$(ms)
	# Two initiations between samples would hide a gap: say so.
	[ "$cur" -gt $((last + 1)) ] && echo "#   $((cur - last)) initiations within one sample at $now ms"
	if [ "$cur" != "$last" ]; then
		times+=("$now")
		last=$cur
	fi
	[ "$state" != established ] && [ -z "${unkeyed:-}" ] && unkeyed=$now
	[ "$state" = none ] && [ -z "${expired:-}" ] && expired=$now
	sleep 0.05
done
echo "# initiations at ms: ${times[*]}; keys gone at ${unkeyed:-never} ms, session none at ${expired:-never} ms"
tq_check "initiations retried (at least 3)" test ${#times[@]} -ge 3
# The backoff runs while the handshake is given a chance (3 x rekey-time
# from its first initiation); later ones start a new attempt.
growing() {
	local i g=()
	for ((i = 1; i < ${#times[@]}; i++)); do
		[ $((times[i] - times[0])) -le $((3 * REKEY * 1000)) ] || break
		g+=($((times[i] - times[i - 1])))
	done
	echo "#   gaps (ms) within the first attempt: ${g[*]}"
	[ ${#g[@]} -ge 2 ] || return 1
	for ((i = 1; i < ${#g[@]}; i++)); do
		# 20% slack for jitter between successive gaps.
		[ $((g[i] * 10)) -ge $((g[i - 1] * 8)) ] || return 1
	done
	[ "${g[-1]}" -gt "${g[0]}" ]
}
tq_check "gaps between initiations grow" growing
tq_check "keys expire within 3 x rekey-time (+2 s)" \
	test "${unkeyed:-999999}" -le $(((3 * REKEY + 2) * 1000))
tq_check "session none once the handshake gives up (4 x rekey-time + 3 s)" \
	test "${expired:-999999}" -le $(((4 * REKEY + 3) * 1000))
tq_ktap_finish
