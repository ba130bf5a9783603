#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Topology (tq_mp_wans, tq_mp_tunnel in selftests/lib/mp.sh):
#
#   C                                     S
#   tquic0 10.99.0.1/24 fd99::1/64        tquic0 10.99.0.2/24 fd99::2/64
#     slaves wan1 wan2 (now and then one) listen 4433
#     peer 203.0.113.1 port 4433          lo 203.0.113.1/32
#     rekey-time 10                       rekey-time 10
#   wan1 192.0.2.1/24    ===== veth ===== wan1 192.0.2.2/24
#                        20 Mbit/s 10 ms; flaps, goes silent
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        10 Mbit/s 30 ms; flaps, goes silent
#
# Soak: SOAK_SECONDS (default 600) of traffic both ways through the tunnel
# (ping -D every 50 ms each way, and a TCP stream each way paced below
# what the slower WAN carries alone, so no queue on the WANs ever drops a
# ping) while the tunnel rekeys every 10 s and a seeded random schedule
# takes one WAN at a time away for 2-6 s: its client end down (flap), its
# server end down (the client's carrier lost), 100% loss both ways with
# the links up (silence), or the client's slave list without it. Never
# both WANs at once, and 5-20 s between two events. Asserts: both TCP
# streams survive, every ping lost falls inside (or within GRACE_MS
# after) an event's window, the slab (/proc/meminfo) of the last minute
# is within 10% (at least 1 MiB) of the first minute after warm-up
# (reported, not asserted, on the debug kernel: KASAN's quarantine holds
# freed objects; kmemleak judges leaks there), no kernel report during
# the run. Prints the seed (SOAK_SEED=... replays the schedule), rekeys,
# failovers, the longest gap between two ping replies, pings lost inside
# and outside the windows, the slab of both minutes.
#
# Run on the host as `bench/soak.sh [DURATION]` (seconds, or with a unit:
# 90s, 10m, 24h; default 10m): it boots the VM of SOAK_KERNEL (default
# Debian 6.12; "debug" for the debug kernel) through scripts/kselftest.sh
# with a timeout for the bench derived from DURATION, SOAK_SECONDS and
# SOAK_SEED carried into the VM (selftests/vm/run.sh).
# shellcheck source-path=SCRIPTDIR/../selftests

# --- on the host: into the VM --------------------------------------------
if [ -z "${TQUIC_VM:-}" ]; then
	d=${1:-10m}
	case $d in
	*[0-9]s) secs=${d%s} ;;
	*[0-9]m) secs=$((${d%m} * 60)) ;;
	*[0-9]h) secs=$((${d%h} * 3600)) ;;
	*) secs=$d ;;
	esac
	[[ $secs =~ ^[0-9]+$ ]] && [ "$secs" -ge 120 ] ||
		{ echo "usage: $0 [DURATION: seconds or 90s, 10m, 24h; at least 2 minutes]" >&2; exit 2; }
	cd "$(dirname "$0")/.." || exit 1
	# Setup, the last samples and the VM's own checks take far less
	# than the 5 minutes on top.
	SOAK_SECONDS=$secs TQUIC_TEST_TIMEOUT=$((secs + 300)) \
		exec scripts/kselftest.sh -b -t soak -k "${SOAK_KERNEL:-6.12}"
fi

# --- in the VM -----------------------------------------------------------
# shellcheck source=../selftests/lib/mp.sh
. "$(dirname "$0")/../selftests/lib/mp.sh"
# shellcheck source=../selftests/lib/goodput.sh
. "$(dirname "$0")/../selftests/lib/goodput.sh"
tq_require ip jq iperf3 ss tc ethtool ping tquic-keygen

DUR=${SOAK_SECONDS:-600}
SEED=${SOAK_SEED:-$((EPOCHSECONDS % 1000000))}
REKEY=10
# A silent WAN is found out by missing acknowledgments, a second or two
# under TCG (failover_blackhole.sh), and a path back needs validating:
# pings lost until then still belong to the event.
GRACE_MS=3000
# The slab's reference minute starts after a warm-up of the same length:
# caches, the first rekeys and failovers fill it.
MIN=60
[ $((DUR / 4)) -lt $MIN ] && MIN=$((DUR / 4))
RATE=2M
if tq_debug_kernel; then
	GRACE_MS=$((GRACE_MS * 4)) RATE=500K
fi
tq_test_setup sk

echo "# seed $SEED (SOAK_SEED=$SEED replays this schedule), $DUR s"
RANDOM=$SEED

# The schedule, drawn before the run: "START_MS DUR_MS WAN KIND" from the
# start of traffic, one WAN out at a time, none in the last 10 s.
t=5000
kinds=(silence silence silence flap flap carrier carrier slaves)
while :; do
	t=$((t + 5000 + RANDOM % 15000))
	len=$((2000 + RANDOM % 4000))
	wan=$((1 + RANDOM % 2))
	kind=${kinds[RANDOM % 8]}
	[ $((t + len)) -le $(((DUR - 10) * 1000)) ] || break
	echo "$t $len $wan $kind"
	t=$((t + len))
done > "$tmp/schedule"

# wan N KIND on|off: event KIND taking WAN N away (off) or giving it back.
wan() {
	local n=$1 kind=$2 state=$3
	case $kind-$state in
	silence-off) tq_mp_shape_wan $C $S "$n" "${MP_RATE[n]}" "${MP_DELAY[n]}" loss 100% ;;
	silence-on) tq_mp_shape_wan $C $S "$n" "${MP_RATE[n]}" "${MP_DELAY[n]}" ;;
	flap-off) ip -n $C link set "wan$n" down ;;
	flap-on) tq_mp_wan_up $C "$n" ;;
	carrier-off) ip -n $S link set "wan$n" down ;;
	carrier-on) ip -n $S link set "wan$n" up ;;
	slaves-off) ip -n $C link set tquic0 type tquic slaves "wan$((3 - n))" ;;
	slaves-on) ip -n $C link set tquic0 type tquic slaves wan1 wan2 ;;
	esac
}

# counters: "REKEYS FAILOVERS" so far, the client's hs_completed and
# path_failures, from one dump.
counters() {
	ip -n $C -s -d -j link show dev tquic0 |
		jq -r '.[0].linkinfo.info_xstats | "\(.hs_completed) \(.path_failures)"'
}

# slab_sampler FILE: "MS KB" of /proc/meminfo's Slab every second, no fork.
slab_sampler() {
	local k v
	while :; do
		while read -r k v _; do
			[ "$k" = Slab: ] && echo "$(tq_now_ms) $v" && break
		done < /proc/meminfo
		sleep 1
	done > "$1"
}

# slab_mean FILE FROM TO: mean Slab in kB over seconds FROM-TO of the run.
slab_mean() {
	awk -v t0="$t0" -v a="$2" -v b="$3" '
		$1 >= t0 + a * 1000 && $1 < t0 + b * 1000 { s += $2; n++ }
		END { printf "%.0f", n ? s / n : 0 }' "$1"
}

# gaps FILE: the replies of ping -D in FILE, in sequence order; for each
# run of lost sequence numbers "FROM_MS TO_MS LOST": from the send of the
# last reply before it to the arrival of the first after it, the span in
# which the loss happened. Last line "longest GAP_MS": the longest wait
# between the arrivals of two replies in sequence. icmp_seq is 16 bits and
# wraps after an hour at 20 a second: the replies, in the order they came,
# are numbered on past the wrap (a reply half the space behind the one
# before is of the next round) before they are sorted.
gaps() {
	sed -n 's/^\[\([0-9.]*\)\].*icmp_seq=\([0-9]*\) .*time=\([0-9.]*\) ms$/\2 \1 \3/p' "$1" |
		awk '{ s = $1 + 65536 * r }
		     NR > 1 && s < last - 32768 { r++; s += 65536 }
		     NR > 1 && s > last + 32768 { s -= 65536 }
		     { last = s; print s, $2, $3 }' |
		sort -n -u -k1,1 | awk '
		{ at = $2 * 1000; sent = at - $3 }
		NR > 1 && $1 > seq + 1 { printf "%.0f %.0f %d\n", psent, at, $1 - seq - 1 }
		NR > 1 && at - pat > longest { longest = at - pat }
		{ seq = $1; pat = at; psent = sent }
		END { printf "longest %.0f\n", longest }'
}

# outside GAPS WINDOWS: the losses of GAPS (gaps' lines) no window
# "FROM_MS TO_MS ..." of WINDOWS, GRACE_MS longer, overlaps: one line each.
outside() {
	awk -v grace=$GRACE_MS '
		NR == FNR { a[NR] = $1; b[NR] = $2 + grace; n = NR; next }
		$1 == "longest" { next }
		{ for (i = 1; i <= n; i++) if ($1 <= b[i] && $2 >= a[i]) next; print }
		' "$2" "$1"
}

tq_ktap_begin 11
tq_check "two shaped WANs" tq_mp_wans $C $S
tq_check "tquic0 at both ends over wan1 and wan2, rekey-time $REKEY" \
	eval "MP_REKEY=$REKEY tq_mp_tunnel $C $S $tmp"
tq_check "handshake, both paths active at both ends" tq_mp_up $C $S
read -r hs_c0 fail_c0 <<< "$(counters)"
fail_s0=$(tq_xstat $S path_failures)
splats0=0
[ -n "${TQUIC_SPLATS:-}" ] && splats0=$(dmesg | grep -cE "$TQUIC_SPLATS")

ip netns exec $S iperf3 -s -1 -p 5301 > /dev/null 2>&1 &
pids+=($!)
ip netns exec $C iperf3 -s -1 -p 5302 > /dev/null 2>&1 &
pids+=($!)
tq_wait_for 10 tq_tcp_listening $S 5301 && tq_wait_for 10 tq_tcp_listening $C 5302

t0=$(tq_now_ms)
slab_sampler "$tmp/slab" &
pids+=($!)
ip netns exec $C ping -D -i 0.05 $TQ_IN_S4 > "$tmp/ping.up" 2>&1 &
ping_up=$!
ip netns exec $S ping -D -i 0.05 $TQ_IN_C4 > "$tmp/ping.down" 2>&1 &
ping_down=$!
pids+=("$ping_up" "$ping_down")
# Paced by the socket (SO_MAX_PACING_RATE), not by iperf3 -b: after a
# stall that would catch up in a burst the WANs' queues drop.
timeout $((DUR + 60)) ip netns exec $C iperf3 -c $TQ_IN_S4 -p 5301 -t $((DUR - 5)) \
	--fq-rate $RATE > "$tmp/tcp.up" 2>&1 &
tcp_up=$!
timeout $((DUR + 60)) ip netns exec $S iperf3 -c $TQ_IN_C4 -p 5302 -t $((DUR - 5)) \
	--fq-rate $RATE > "$tmp/tcp.down" 2>&1 &
tcp_down=$!
pids+=("$tcp_up" "$tcp_down")

# The events, each one's window as it really was: "FROM_MS TO_MS WAN KIND".
while read -r start len n kind; do
	tq_sleep_until $((t0 + start))
	a=$(tq_now_ms)
	wan "$n" "$kind" off || echo "# wan $n $kind off failed"
	tq_sleep_until $((t0 + start + len))
	wan "$n" "$kind" on || echo "# wan $n $kind on failed"
	echo "$a $(tq_now_ms) $n $kind"
done < "$tmp/schedule" > "$tmp/windows"
tq_sleep_until $((t0 + DUR * 1000))
kill -INT $ping_up $ping_down
wait $ping_up $ping_down

tq_check "TCP client -> server survived $((DUR - 5)) s" wait $tcp_up
tq_check "TCP server -> client survived $((DUR - 5)) s" wait $tcp_down
sed -n '/receiver$/s/^/#   up:   /p' "$tmp/tcp.up"
sed -n '/receiver$/s/^/#   down: /p' "$tmp/tcp.down"

read -r hs_c1 fail_c1 <<< "$(counters)"
fail_s1=$(tq_xstat $S path_failures)
echo "# events: $(wc -l < "$tmp/windows") ($(awk '{ k[$4]++ } END { for (i in k) printf "%s %d ", i, k[i] }' "$tmp/windows"))"
echo "# rekeys (client hs_completed): $((hs_c1 - hs_c0)); failovers (path_failures): client $((fail_c1 - fail_c0)), server $((fail_s1 - fail_s0))"
tq_check "rekeyed every $REKEY s: at least $((DUR / REKEY / 2)) times" \
	test $((hs_c1 - hs_c0)) -ge $((DUR / REKEY / 2))

bad=0
for dir in up down; do
	gaps "$tmp/ping.$dir" > "$tmp/gaps.$dir"
	outside "$tmp/gaps.$dir" "$tmp/windows" > "$tmp/out.$dir"
	lost=$(awk '$1 != "longest" { s += $3 } END { print s + 0 }' "$tmp/gaps.$dir")
	out=$(awk '{ s += $3 } END { print s + 0 }' "$tmp/out.$dir")
	replies=$(grep -c icmp_seq= "$tmp/ping.$dir")
	# 20 a second were sent: a stream that mostly stalled proves nothing.
	tq_check "ping $dir: at least $((DUR * 10)) replies" test "$replies" -ge $((DUR * 10))
	echo "# ping $dir: $replies replies, $lost lost, $out of them outside the windows; longest gap $(awk '$1 == "longest" { print $2 }' "$tmp/gaps.$dir") ms"
	awk -v t0="$t0" '{ printf "#   lost %d between %.0f and %.0f ms\n", $3, $1 - t0, $2 - t0 }' "$tmp/out.$dir"
	bad=$((bad + out))
done
tq_expect_eq "no ping lost outside the events' windows (+$GRACE_MS ms)" 0 $bad

first=$(slab_mean "$tmp/slab" $MIN $((2 * MIN)))
last=$(slab_mean "$tmp/slab" $((DUR - MIN)) "$DUR")
echo "# slab: $first kB in seconds $MIN-$((2 * MIN)), $last kB in the last $MIN s"
tol=$((first / 10))
[ $tol -lt 1024 ] && tol=1024
tq_check_rate "slab flat: last minute <= first + $tol kB" test "$last" -le $((first + tol))

splats=0
[ -n "${TQUIC_SPLATS:-}" ] && splats=$(($(dmesg | grep -cE "$TQUIC_SPLATS") - splats0))
tq_expect_eq "no kernel report during the soak" 0 $splats
tq_ktap_finish
