# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The multipath topology: the client C and the server S joined by two
# shaped WANs, with or without a NAT router in each (tq_mp_wans), the
# tunnel over both (tq_mp_tunnel, tq_mp_up), the WANs' shaping changed
# under it (tq_mp_shape_wan, tq_mp_wan_up), and what its paths carried and
# in what state they are (tq_paths, tq_path_window, tq_path_is, ...).
#
# The client C and the server S joined by two WANs, wan1 and wan2 at both
# ends. WAN n is the subnet ${MP_NET[n]}.0/24: the client has .1 and its
# gateway .2 (S itself, or router Rn). The server's tunnel endpoint MP_PEER
# is an address of its loopback, reachable from the client through either
# WAN with a host route per WAN (metric 10 through WAN 1, 20 through WAN 2):
# the tunnel's sockets route with their slave as output interface, so each
# path finds its own WAN's route, while all else takes WAN 1.
#
# With routers (tq_mp_wans C S R1 R2), router Rn sits in WAN n and
# masquerades the client behind its outside address 100.64.n.1 (S has
# 100.64.n.2 there), UDP source ports from 10000-19999, like a home router.
#
# Both directions of WAN n are shaped at C's and S's end of it: rate
# MP_RATE[n] Mbit/s, MP_DELAY[n] ms one way (20 Mbit/s 10 ms and
# 10 Mbit/s 30 ms: two WANs unlike in both rate and delay). Each test that
# uses this draws its own picture of it at its top.

# shellcheck source=lib/tunnel.sh
. "${BASH_SOURCE[0]%/*}/tunnel.sh"

MP_NET=("" 192.0.2 198.51.100)
MP_RATE=("" 20 10) MP_DELAY=("" 10 30)
MP_PEER=203.0.113.1

# tq_mp_netem MBIT MS [NETEM-OPTION...]: netem's parameters for MBIT Mbit/s
# and MS ms of delay. Its limit counts the packets in its delay line too:
# rate x delay of them are in flight, and on top of that a queue of one
# bandwidth-delay product (rate x 2 x delay) lets one TCP connection fill
# the link, while a longer queue would only add delay (bufferbloat). So
# the limit is rate x 3 x delay in 1500-byte packets: 50 for WAN 1, 75 for
# WAN 2.
tq_mp_netem() {
	local mbit=$1 ms=$2 limit
	shift 2
	limit=$((mbit * ms / 4))
	[ $limit -ge 10 ] || limit=10
	echo "netem rate ${mbit}mbit delay ${ms}ms limit $limit $*"
}

# tq_mp_shape_wan C S N MBIT MS [NETEM-OPTION...]: both directions of WAN N
# shaped so, at the client's and the server's end.
tq_mp_shape_wan() {
	local c=$1 s=$2 n=$3 netem
	shift 3
	netem=$(tq_mp_netem "$@")
	# shellcheck disable=SC2086
	tc -n "$c" qdisc replace dev "wan$n" root $netem &&
		tc -n "$s" qdisc replace dev "wan$n" root $netem
}

# tq_mp_offloads_off NS DEV...: no TSO, GSO or GRO on these links: netem is to
# shape wire-sized packets, not 64 KiB aggregates.
tq_mp_offloads_off() {
	local ns=$1 dev
	shift
	for dev in "$@"; do
		ip netns exec "$ns" ethtool -K "$dev" tso off gso off gro off ||
			return 1
	done
}

# tq_mp_own_cpus C S: the client's receive processing on CPU 0, the server's
# on CPU 1 (RPS on the WANs' veths), as on the two machines they stand
# for. Left alone, one CPU runs the sender, the netems and the receiver's
# decryption while the other idles, and a tunnel test measures that CPU,
# not the protocol. Processes pin themselves (tq_mp_pin). The debug kernel
# has no RPS: there both ends share the CPUs, as its rates are not
# asserted anyway (tq_check_rate).
tq_mp_own_cpus() {
	local n
	tq_debug_kernel && return 0
	for n in 1 2; do
		ip netns exec "$1" sh -c "echo 1 > /sys/class/net/wan$n/queues/rx-0/rps_cpus" &&
			ip netns exec "$2" sh -c "echo 2 > /sys/class/net/wan$n/queues/rx-0/rps_cpus" ||
			return 1
	done
}

# tq_mp_pin CPU: iperf3's option that pins it to CPU, where tq_mp_own_cpus gave
# each end its own.
tq_mp_pin() { tq_debug_kernel || echo "-A $1"; }

# tq_mp_route N: the client's host route to MP_PEER through WAN N, as a
# command for ip; again after wanN went down, which took its routes.
tq_mp_route() {
	echo "route replace $MP_PEER/32 via ${MP_NET[$1]}.2 dev wan$1 metric $(($1 * 10))"
}

# tq_mp_masquerade R PORTS [replace]: router R's NAT: what leaves its outside
# link takes that link's address, and UDP a source port from PORTS. With
# "replace", the table R has is swapped for this one in one transaction:
# there is never a moment without NAT.
tq_mp_masquerade() {
	ip netns exec "$1" nft -f - <<-NFT
		${3:+delete table ip tq-nat}
		table ip tq-nat {
			chain post {
				type nat hook postrouting priority srcnat; policy accept;
				oifname "wan" meta l4proto udp masquerade to :$2
				oifname "wan" masquerade
			}
		}
	NFT
}

# tq_mp_wans C S [R1 R2]: the namespaces and both WANs, shaped, routes set.
# A namespace is configured by one batch of ip commands: starting a
# process takes a tenth of a second in the test VM.
tq_mp_wans() {
	local c=$1 s=$2 n r cb sb
	ip netns add "$c" && ip netns add "$s" || return 1
	cb="link set lo up" sb="link set lo up
addr add $MP_PEER/32 dev lo"
	for n in 1 2; do
		r=${*:n + 2:1}
		cb+="
addr add ${MP_NET[$n]}.1/24 dev wan$n
link set wan$n up
$(tq_mp_route $n)"
		if [ -z "$r" ]; then
			sb+="
link add wan$n type veth peer wan$n netns $c
addr add ${MP_NET[$n]}.2/24 dev wan$n
link set wan$n up"
			continue
		fi
		sb+="
addr add 100.64.$n.2/24 dev wan$n
link set wan$n up"
		ip netns add "$r" &&
			ip -n "$r" -b - <<-IP &&
				link set lo up
				link add lan type veth peer wan$n netns $c
				link add wan type veth peer wan$n netns $s
				addr add ${MP_NET[$n]}.2/24 dev lan
				addr add 100.64.$n.1/24 dev wan
				link set lan up
				link set wan up
				route add $MP_PEER/32 via 100.64.$n.2
			IP
			ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1 &&
			tq_mp_offloads_off "$r" lan wan &&
			tq_mp_masquerade "$r" 10000-19999 || return 1
	done
	ip -n "$s" -b - <<< "$sb" && ip -n "$c" -b - <<< "$cb" &&
		tq_mp_offloads_off "$c" wan1 wan2 && tq_mp_offloads_off "$s" wan1 wan2 &&
		tq_mp_shape_wan "$c" "$s" 1 "${MP_RATE[1]}" "${MP_DELAY[1]}" &&
		tq_mp_shape_wan "$c" "$s" 2 "${MP_RATE[2]}" "${MP_DELAY[2]}"
}

# tq_mp_wan_up C N: the client's wanN up again, with its route.
tq_mp_wan_up() {
	ip -n "$1" -b - <<-IP
		link set wan$2 up
		$(tq_mp_route "$2")
	IP
}

# tq_mp_tunnel C S DIR [CLIENT-OPTION...]: tq_tunnel over both WANs towards
# MP_PEER; MP_SLAVES, when set, replaces the slave list "wan1 wan2" (to
# add per-slave options). No scheduled rekey in a test's time: rekey-time
# MP_REKEY (default 600 s) at both ends.
tq_mp_tunnel() {
	local c=$1 s=$2 dir=$3
	shift 3
	TQ_SLAVES=${MP_SLAVES:-wan1 wan2} \
		TQ_SERVER_OPTS="rekey-time ${MP_REKEY:-600} ${TQ_SERVER_OPTS:-}" \
		tq_tunnel "$c" "$s" "$dir" $MP_PEER rekey-time "${MP_REKEY:-600}" "$@"
}

# tq_mp_up C S: the handshake, then both paths validated at both ends.
tq_mp_up() {
	tq_up "$1" && tq_wait_for 10 tq_paths_active "$1" 2 &&
		tq_wait_for 5 tq_paths_active "$2" 2
}

# tq_paths NS JQ: evaluate JQ on the paths of NS's tquic0 (an array, as
# the plugin shows info_xstats.paths; empty when there is none).
tq_paths() {
	ip -n "$1" -s -d -j link show dev tquic0 |
		jq -r ".[0].linkinfo.info_xstats.paths // [] | $2"
}

# tq_path NS DEV KEY: KEY of the client's path over slave DEV.
tq_path() {
	tq_paths "$1" ".[] | select(.dev == \"$2\") | .$3"
}

# tq_paths_stat NS FIELD: "WAN1 WAN2", the counter FIELD (as tq_path names
# it: tx_bytes, lost) of NS's paths over wan1 and wan2, from one dump (one
# jq, which takes half a second to start in the test VM).
tq_paths_stat() {
	tq_paths "$1" "\"\\(map(select(.dev == \"wan1\"))[0].$2) \\(map(select(.dev == \"wan2\"))[0].$2)\""
}

# Polls read ip's text instead, one line a path ("path ID dev IF state S
# [backup] srtt ... tx P/B rx P/B ..."): jq takes half a second to start
# in the test VM, longer than what the polls measure should take.

# tq_path_pkts NS DEV...: "TX RX" packets of the path over each DEV, in
# order, from one dump.
tq_path_pkts() {
	local ns=$1
	shift
	ip -n "$ns" -s -d link show dev tquic0 | awk -v devs="$*" '
		$1 == "path" && $3 == "dev" {
			for (i = 5; i < NF; i++) {
				if ($i == "tx") { split($(i + 1), t, "/") }
				if ($i == "rx") { split($(i + 1), r, "/") }
			}
			n[$4] = t[1] " " r[1]
		}
		END {
			c = split(devs, d, " ")
			for (i = 1; i <= c; i++) printf "%s%s", n[d[i]], i < c ? " " : "\n"
		}'
}

# tq_path_window NS MS: the packets of NS's paths over wan1 and wan2 in the
# next MS ms, each way: $tx1 $rx1 (wan1) $tx2 $rx2 (wan2).
tq_path_window() {
	local a b c d start
	start=$(tq_now_ms)
	read -r a b c d <<< "$(tq_path_pkts "$1" wan1 wan2)"
	tq_sleep_until $((start + $2))
	read -r tx1 rx1 tx2 rx2 <<< "$(tq_path_pkts "$1" wan1 wan2)"
	tx1=$((tx1 - a)) rx1=$((rx1 - b)) tx2=$((tx2 - c)) rx2=$((rx2 - d))
}

# tq_show_window NS MS LABEL: tq_path_window NS MS, and a line with its counts.
tq_show_window() {
	tq_path_window "$1" "$2"
	echo "#   $3: wan1 path sent $tx1, received $rx1; wan2 sent $tx2, received $rx2"
}

# tq_path_is NS DEV STATE: the path over DEV is in STATE (down, validating,
# active, failed).
tq_path_is() {
	ip -n "$1" -s -d link show dev tquic0 |
		grep -Eq "^ +path [0-9]+ dev $2 state $3 "
}

# tq_paths_active NS N: at least N of NS's paths are active.
tq_paths_active() {
	[ "$(ip -n "$1" -s -d link show dev tquic0 |
		grep -Ec '^ +path [0-9]+ .*state active ')" -ge "$2" ]
}
