#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Topology (tq_mp_wans, tq_mp_tunnel in selftests/lib/mp.sh):
#
#   C                                     S
#   tquic0 10.99.0.1/24 fd99::1/64        tquic0 10.99.0.2/24 fd99::2/64
#     slaves wan1 wan2                    slaves wan1 wan2
#     peer 203.0.113.1 port 4433          listen 4433
#                                         lo 203.0.113.1/32
#   wan1 192.0.2.1/24    ===== veth ===== wan1 192.0.2.2/24
#                        shaped per row
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        shaped per row
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20); the tunnel routes each
#   path's packets with its slave as output interface: over its own WAN.
#   RPS: C's WAN receive processing on CPU 0, S's on CPU 1
#   (tq_mp_own_cpus), iperf3 pinned likewise.
#   MPTCP: a subflow endpoint on C's wan2 (198.51.100.1); in S, iperf3
#   on 5201 plain and on 5202 under mptcpize.
#
# Aggregation benchmark over two shaped WANs (tq_mp_wans in
# selftests/lib/mp.sh): iperf3 TCP over each WAN alone, then over both
# with the kernel's own MPTCP (IPPROTO_MPTCP through mptcpize, a subflow
# per WAN) and with one TCP connection through tquic0; prints each one's
# share of the sum of the WANs alone, side by side. Two rows: the
# selftests' WANs (20 Mbit/s 10 ms, 10 Mbit/s 30 ms one way), and a
# harder one, 4:1 in rate and 1:5 in delay with 1% loss each way on the
# fast WAN (40 Mbit/s 10 ms 1%, 10 Mbit/s 50 ms). Each end has a CPU of
# its own (tq_mp_own_cpus), for every row alike. Run by `make bench` in
# the test VM (TCG: compare the numbers with each other, not with real
# hardware).
# shellcheck source-path=SCRIPTDIR/../selftests
# shellcheck source=../selftests/lib/mp.sh
. "$(dirname "$0")/../selftests/lib/mp.sh"
# shellcheck source=../selftests/lib/goodput.sh
. "$(dirname "$0")/../selftests/lib/goodput.sh"
tq_require ip jq iperf3 ss tc ethtool mptcpize tquic-keygen

# As selftests/aggregation.sh measures: the steady state, after OMIT
# seconds of each connection's climb to it; 16 s, not its 30, as the
# eight runs must fit in one test's timeout (selftests/settings).
SECS=${BENCH_SECONDS:-16} OMIT=5
tq_test_setup ba

# run NAME PORT ADDR [WRAPPER...]: SECS of iperf3 TCP from the client to
# ADDR:PORT in the server, after OMIT seconds left out; one result line,
# the receiver's goodput in Mbit/s in $mbit.
run() {
	local name=$1 port=$2 addr=$3
	shift 3
	mbit=0
	# shellcheck disable=SC2046 # tq_mp_pin's option is two words, or none
	if ! tq_iperf3_json "$tmp/run.json" timeout $((OMIT + SECS + 30)) \
		ip netns exec $C "$@" iperf3 $(tq_mp_pin 0) -J -c "$addr" -p "$port" \
		-t $SECS -O $OMIT; then
		tq_not_ok "$name: iperf3 TCP"
		return
	fi
	mbit=$(tq_gp_mbit "$tmp/run.json")
	tq_ok "$name: $mbit Mbit/s, $(jq .end.sum_sent.retransmits "$tmp/run.json") retransmits"
}

# mptcp_joins: subflows the client's MPTCP connections have added.
mptcp_joins() {
	ip netns exec $C awk '$1 == "MPTcpExt:" {
		if (!n) { n = NF; for (i = 2; i <= NF; i++) k[i] = $i; next }
		for (i = 2; i <= n; i++) if (k[i] == "MPJoinSynAckRx") print $i }' \
		/proc/net/netstat
}

# row TITLE MBIT1 MS1 MBIT2 MS2 [NETEM-OPTION... for WAN 1]: the WANs
# shaped so, the four measurements, and the ratios.
row() {
	local title=$1 r1=$2 d1=$3 r2=$4 d2=$5 j w1 w2 mp tq sum a1 a2 b1 b2 l1 l2 k1 k2
	shift 5
	echo "# --- $title: WAN 1 $r1 Mbit/s ${d1} ms${*:+ $*}, WAN 2 $r2 Mbit/s ${d2} ms"
	tq_mp_shape_wan $C $S 1 "$r1" "$d1" "$@" && tq_mp_shape_wan $C $S 2 "$r2" "$d2" ||
		{ tq_not_ok "$title: shaping"; return; }
	run "$title, WAN 1 alone" 5201 "${MP_NET[1]}.2"
	w1=$mbit
	run "$title, WAN 2 alone" 5201 "${MP_NET[2]}.2"
	w2=$mbit
	j=$(mptcp_joins)
	run "$title, MPTCP" 5202 $MP_PEER mptcpize run
	mp=$mbit
	echo "#   MPTCP joined $(($(mptcp_joins) - j)) subflows over wan2 (iperf3's control and data connections)"
	read -r a1 a2 <<< "$(tq_paths_stat $C tx_bytes)"
	read -r l1 l2 <<< "$(tq_paths_stat $C lost)"
	run "$title, tquic" 5201 $TQ_IN_S4
	tq=$mbit
	read -r b1 b2 <<< "$(tq_paths_stat $C tx_bytes)"
	read -r k1 k2 <<< "$(tq_paths_stat $C lost)"
	# Where tquic's bytes went, and what the WANs took from it: each
	# datagram lost holds the inner connection until its copy arrives.
	echo "#   tquic's paths: WAN 1 sent $(((b1 - a1) / 1000000)) MB and lost $((k1 - l1)) datagrams, WAN 2 $(((b2 - a2) / 1000000)) MB and $((k2 - l2))"
	sum=$(awk -v a="$w1" -v b="$w2" 'BEGIN { print a + b }')
	tq_ok "$title: of the WANs alone ($sum Mbit/s): MPTCP $(tq_ratio "$mp" "$sum"), tquic $(tq_ratio "$tq" "$sum"); of the shaped rates ($((r1 + r2)) Mbit/s): MPTCP $(tq_ratio "$mp" $((r1 + r2))), tquic $(tq_ratio "$tq" $((r1 + r2)))"
}

tq_ktap_begin 13
tq_check "two shaped WANs, a CPU for each end" eval "tq_mp_wans $C $S && tq_mp_own_cpus $C $S"
# MPTCP: the first subflow takes WAN 1 (the peer's preferred route), a
# second one starts from the client's WAN 2 address, bound to wan2.
tq_check "MPTCP: a subflow endpoint on wan2" eval \
	"ip -n $C mptcp limits set subflow 2 add_addr_accepted 2 &&
	 ip -n $S mptcp limits set subflow 2 add_addr_accepted 2 &&
	 ip -n $C mptcp endpoint add ${MP_NET[2]}.1 dev wan2 subflow"
tq_check "tquic0 over both WANs" eval "tq_mp_tunnel $C $S $tmp && tq_mp_up $C $S"
# shellcheck disable=SC2046
ip netns exec $S iperf3 $(tq_mp_pin 1) -s -p 5201 > /dev/null 2>&1 &
pids+=($!)
# shellcheck disable=SC2046
ip netns exec $S mptcpize run iperf3 $(tq_mp_pin 1) -s -p 5202 > /dev/null 2>&1 &
pids+=($!)
tq_wait_for 10 tq_tcp_listening $S 5201 && tq_wait_for 10 tq_tcp_listening $S 5202

row "selftests' WANs" "${MP_RATE[1]}" "${MP_DELAY[1]}" "${MP_RATE[2]}" "${MP_DELAY[2]}"
row "4:1 rate, 1:5 delay, 1% loss" 40 10 10 50 loss 1%
tq_ktap_finish
