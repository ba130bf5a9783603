#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Concurrency stress: for STRESS_SECONDS, traffic in both directions
# through a keyed tunnel (two tquic links over two slaves) while the slaves
# flap, the links are reconfigured (breaking the session, so handshakes
# run all along) and slaves come and go; then the module is removed with
# the links up. The kernel log and (on the debug kernel) lockdep, KASAN and
# kmemleak judge the run; this script checks that every actor really ran,
# that traffic went through meanwhile, and that the tunnel works again
# afterwards.
# The debug kernel, whose lockdep and KASAN see the races, runs it for
# 60 s; Debian's kernels, which can only crash or warn, for 20 s, in which
# each actor still makes several times the rounds asserted below.
# shellcheck source=lib/tunnel.sh
. "$(dirname "$0")/lib/tunnel.sh"
tq_require ip jq ping modprobe rmmod tquic-keygen

SECS=${STRESS_SECONDS:-$(tq_debug_kernel && echo 60 || echo 20)}
tq_test_setup st
# The test ends with the module removed: the tests after it in the same
# VM need it loaded again, whatever this one's outcome.
tq_at_cleanup modprobe tquic

ip netns add $C && ip netns add $S
for i in 0 1; do
	ip -n $C link add w$i type veth peer w$i netns $S
	ip -n $C addr add 192.0.2.$((i * 4 + 1))/30 dev w$i
	ip -n $S addr add 192.0.2.$((i * 4 + 2))/30 dev w$i
	ip -n $C link set w$i up && ip -n $S link set w$i up
done
tq_keygen "$tmp" c && tq_keygen "$tmp" s
ip -n $C link add tquic0 type tquic slaves w0 w1 peer 192.0.2.2 port 4433 \
	private-key "$tmp/c.key" peer-key "$(cat "$tmp/s.pub")"
ip -n $S link add tquic0 type tquic slaves w0 w1 listen 4433 \
	private-key "$tmp/s.key" peer-key "$(cat "$tmp/c.pub")"
# No link-local address: nothing but the test's own traffic (tq_inner).
for ns in $C $S; do ip -n "$ns" link set dev tquic0 addrgenmode none; done
ip -n $C addr add 10.99.0.1/30 dev tquic0 && ip -n $C link set tquic0 up
ip -n $S addr add 10.99.0.2/30 dev tquic0 && ip -n $S link set tquic0 up
tq_ktap_begin 13
tq_check "tunnel up before the stress" tq_wait_for 20 tq_pings $C 10.99.0.2

# actor NAME CMD...: run CMD in a loop until the deadline, count the rounds.
deadline=$((SECONDS + SECS))
actor() {
	local name=$1 rounds=0
	shift
	while [ $SECONDS -lt $deadline ]; do
		"$@" > /dev/null 2>&1
		rounds=$((rounds + 1))
	done
	echo $rounds > "$tmp/$name"
}

# traffic NS ADDR: a burst of pings; how many came back is added to
# $tmp/replies, a line a burst.
traffic() {
	ip netns exec "$1" ping -q -c 50 -i 0.002 -W 1 "$2" |
		sed -n 's/.* \([0-9]*\) received.*/\1/p' >> "$tmp/replies"
}
# A slave goes down and comes back, then stays up for half a second. Back
# to back, the two flapping slaves left no path validated for long: 0-8
# ping replies in 20 s on 6.12, and a tunnel that carries nothing tests
# no concurrency.
flap() {
	ip -n $C link set "$1" down
	ip -n $S link set "$1" down
	ip -n $C link set "$1" up
	ip -n $S link set "$1" up
	sleep 0.5
}
# Each round breaks the session (the ports disagree for a moment), then
# starts a handshake at once and leaves it a second to complete: without
# that pause the tunnel could spend the whole stress between sessions, in
# the backoff of failed handshakes, and carry nothing.
reconfigure() {
	ip -n $C link set tquic0 type tquic slaves w1 mode redundant port 4434
	ip -n $C link set tquic0 type tquic slaves w0 w1 mode aggregate port 4433
	ip -n $S link set tquic0 type tquic listen 4435
	ip -n $S link set tquic0 type tquic listen 4433
	ip -n $C link set tquic0 type tquic rekey
	sleep 1
}
churn() {
	ip -n $C link add w9 type veth peer w9b &&
		ip -n $C link set tquic0 type tquic slaves w0 w1 w9 &&
		ip -n $C link set w9 up &&
		ip -n $C link del w9
}

actor traffic_c traffic $C 10.99.0.2 & pids+=($!)
actor traffic_s traffic $S 10.99.0.1 & pids+=($!)
actor flap0 flap w0 & pids+=($!)
actor flap1 flap w1 & pids+=($!)
actor reconfigure reconfigure & pids+=($!)
actor churn churn & pids+=($!)
wait "${pids[@]}"
pids=()

for a in traffic_c traffic_s flap0 flap1 reconfigure churn; do
	r=$(cat "$tmp/$a" 2>/dev/null || echo 0)
	echo "# $a: $r rounds in ${SECS}s"
	# Proof that each actor looped; the debug kernel under TCG manages
	# about 7 rounds, Debian's kernels 15-20.
	tq_check "$a ran (at least 3 rounds)" [ "$r" -ge 3 ]
done
replies=$(awk '{ n += $1 } END { print n + 0 }' "$tmp/replies")
echo "# $replies ping replies came through the tunnel during the stress"
tq_check "traffic went through the tunnel during the stress" [ "$replies" -gt 0 ]
ip -n $C link set tquic0 type tquic slaves w0 w1 2>/dev/null
tq_expect_eq "client link whole afterwards" "w0 w1" \
	"$(tq_info $C tquic0 '[.slaves[].ifname] | join(" ")')"
tq_expect_eq "server link whole afterwards" "w0 w1" \
	"$(tq_info $S tquic0 '[.slaves[].ifname] | join(" ")')"
# Handshakes that failed while the ports differed leave the client backing
# off: a rekey starts a new one at once.
ip -n $C link set tquic0 type tquic rekey
tq_check "the tunnel works again afterwards, both ways" \
	eval "tq_wait_for 30 tq_pings $C 10.99.0.2 && tq_wait_for 5 tq_pings $S 10.99.0.1"
tq_check "module removed with both links up" timeout 30 rmmod tquic
tq_expect_eq "no tquic link survives the removal" "0 0" \
	"$(tq_count_tquic -n $C) $(tq_count_tquic -n $S)"
tq_ktap_finish
