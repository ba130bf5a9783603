#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Handshakes under a flood: an attacker who knows only the server's public
# key sends initiations with a valid mac1 from 1000 spoofed addresses, far
# above the server's global budget of DH work, while the real client
# rekeys every few seconds. Every rekey completes within a bound (the
# client's Retry token gets it past the flood), pings keep flowing, the
# server answers the flood with Retries and does DH work for no more of it
# than its budget allows.
# shellcheck source=lib/tunnel.sh
. "$(dirname "$0")/lib/tunnel.sh"
tq_require ip jq ping tquic-keygen tq_attack

tq_test_setup hf

REKEY=5
FLOOD_SECS=25
SOURCES=1000
RATE=2000
# The global budget of initiations the server does DH work for without a
# token (admission.c, HS_RATE), with its burst.
HS_RATE=20
# How long a rekey may take, from the first initiation the client sends
# to the session it completes (a Retry round trip included).
BAR_MS=2000
# The debug kernel is about 4 times slower; its flood is whatever the
# sender manages there (some 200 a second), still ten times the budget.
if tq_debug_kernel; then
	BAR_MS=$((BAR_MS * 4))
	RATE=500
fi
SPOOFED=198.18.0.0/15

tq_ktap_begin 11
tq_wan $C $S
tq_keygen "$tmp" c && tq_keygen "$tmp" s
# Only the client rekeys on time: the server's own rekeys (at twice its
# rekey time) would hide the client's that fail.
tq_check "tunnel up, the client rekeys every $REKEY s" \
	tq_tunnel $C $S "$tmp" $TQ_S4 rekey-time $REKEY
tq_check "handshake, pings" tq_up $C
# The server's Retries to the spoofed sources go back over the WAN, where
# the client's namespace drops them (not its addresses, no forwarding).
ip -n $S route add $SPOOFED via $TQ_C4 dev wan

# hs_sample: "MS INITIATIONS COMPLETED" of the client, from one dump,
# parsed by bash (jq would take longer to start than the sampling
# interval in the test VM).
hs_sample() {
	local re='initiations-sent ([0-9]+) completed ([0-9]+)'
	[[ $(ip -n $C -s -d link show dev tquic0) =~ $re ]] &&
		echo "$(tq_now_ms) ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
}

# server COUNTER: the server's xstat.
server() { tq_xstat $S "$1"; }

cookies0=$(server hs_cookies_sent) invalid0=$(server hs_rx_invalid)
limited0=$(server hs_rx_ratelimited) dropped0=$(server hs_rx_dropped)
hs0=$(tq_xstat $C hs_completed)
(
	while :; do
		hs_sample
		sleep 0.1
	done > "$tmp/samples"
) &
sampler=$!
pids+=("$sampler")
ip netns exec $C ping -q -c $((FLOOD_SECS * 5)) -i 0.2 -W 1 $TQ_IN_S4 \
	> "$tmp/ping.log" 2>&1 &
pinger=$!
pids+=("$pinger")
t0=$(tq_now_ms)
ip netns exec $C tq_attack flood $TQ_S4 $TQ_PORT \
	--peer-key "$(cat "$tmp/s.pub")" --sources $SOURCES --rate $RATE \
	--duration $FLOOD_SECS > "$tmp/flood.log" 2>&1
flood_ms=$(($(tq_now_ms) - t0))
echo "# $(tail -n 1 "$tmp/flood.log") in $flood_ms ms"
sent=$(sed -n 's/^sent \([0-9]*\) datagrams.*/\1/p' "$tmp/flood.log")
wait $pinger
# The rekey due last may have begun as the flood ended: give it its bound.
sleep $(((BAR_MS + 999) / 1000))
kill $sampler
wait $sampler 2>/dev/null
pids=()

# Each handshake of the client: from the first sample that shows its
# first initiation to the first that shows it complete (more initiations
# in between are its Retry and resends). A handshake seen begun and
# complete in one sample took at most the time since the previous one.
awk -v bar=$BAR_MS '
	NR == 1 { pt = $1; pi = $2; pc = $3; start = -1; next }
	{
		if ($3 > pc) {
			d = start >= 0 ? $1 - start : $1 - pt
			printf "%d ", d
			if (d > max) max = d
			n++
			start = -1
		} else if ($2 > pi && start < 0) {
			start = $1
		}
		if ($1 - pt > gap) gap = $1 - pt
		pt = $1; pi = $2; pc = $3
	}
	END {
		pending = start >= 0 ? pt - start : 0
		printf "\n%d %d %d %d\n", n, max, pending, gap
	}' "$tmp/samples" > "$tmp/durations"
read -r n max pending gap < <(tail -n 1 "$tmp/durations")
echo "# rekeys (ms): $(head -n 1 "$tmp/durations")"
echo "# $n rekeys, longest $max ms, one pending for $pending ms, samples up to $gap ms apart"
cookies=$(($(server hs_cookies_sent) - cookies0))
invalid=$(($(server hs_rx_invalid) - invalid0))
limited=$(($(server hs_rx_ratelimited) - limited0))
dropped=$(($(server hs_rx_dropped) - dropped0))
echo "# server: $cookies Retries, $invalid initiations refused after DH," \
	"$limited rate-limited, $dropped dropped; client: $(($(tq_xstat $C hs_completed) - hs0)) sessions"
echo "# $(tail -n 2 "$tmp/ping.log" | head -n 1)"

tq_check "flood of $SOURCES sources at $RATE/s sent" test "${sent:-0}" -gt 0
tq_check "the client rekeyed at least $((FLOOD_SECS / REKEY - 1)) times" \
	test "$n" -ge $((FLOOD_SECS / REKEY - 1))
tq_check "every rekey completed within $BAR_MS ms" test "$max" -le $BAR_MS
tq_check "no rekey left pending longer" test "$pending" -le $BAR_MS
received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$tmp/ping.log")
tq_check "pings through the tunnel kept flowing (90%)" \
	test "${received:-0}" -ge $((FLOOD_SECS * 5 * 9 / 10))
# Under load the flood costs Retries, not DH work: most of it was
# answered with one, and the DH work stayed within the global budget.
tq_check "the server answered most of the flood with Retries" \
	test "$cookies" -ge $((sent / 2))
tq_check "DH work for the flood within the budget" \
	test "$invalid" -le $((HS_RATE * (flood_ms / 1000 + 2)))
# Spoofed sources have no token, so neither counter can be the flood's.
tq_expect_eq "no initiation with a token dropped or rate-limited" "0 0" \
	"$dropped $limited"
tq_check "the tunnel works after the flood" tq_pings $C $TQ_IN_S4
tq_ktap_finish
