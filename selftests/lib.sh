# SPDX-License-Identifier: GPL-2.0
# Shared by the tquic selftests: KTAP sub-results and assertions.
# Each test prints "ok N desc" / "not ok N desc" for its checks and exits
# 0 when all passed, 1 when one failed, 4 (KSFT_SKIP) when it cannot run.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

_n=0
_failed=0

ktap_begin() {
	echo "TAP version 13"
	echo "1..$1"
}

ok() {
	_n=$((_n + 1))
	echo "ok $_n $*"
}

not_ok() {
	_n=$((_n + 1))
	_failed=$((_failed + 1))
	echo "not ok $_n $*"
}

# check DESC CMD...: one sub-result from a command's exit status.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# expect_eq DESC EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   expected: '$2'"
		echo "#   actual:   '$3'"
	fi
}

ktap_finish() {
	[ $_failed -eq 0 ] && exit $KSFT_PASS
	echo "# $_failed of $_n checks failed"
	exit $KSFT_FAIL
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit $KSFT_SKIP
}

require() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip_all "$c not found"
	done
	[ "$(id -u)" = 0 ] || skip_all "needs root"
}

# wait_for SECONDS CMD...: poll a condition instead of sleeping blindly.
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.1
	done
}

# tq_info NS DEV JQ: evaluate JQ on DEV's tquic configuration, as the
# plugin shows it in ip -j -d output.
tq_info() {
	ip -n "$1" -j -d link show dev "$2" |
		jq -r ".[0].linkinfo.info_data | $3"
}

# count_tquic [IP-OPTIONS]: tquic links in a namespace. By kind, not with
# "type tquic": with the module unloaded the kernel ignores that filter.
count_tquic() {
	ip "$@" -j -d link show |
		jq '[.[] | select(.linkinfo.info_kind == "tquic")] | length'
}

# --- tunnels between two namespaces -------------------------------------------
# A client namespace C and a server namespace S joined by the veth pair "wan"
# (C: 192.0.2.1/24 2001:db8::1/64, S: .2 and ::2), one tquic0 at each end
# with inner addresses 10.99.0.1/24 fd99::1/64 (C) and .2, ::2 (S).

TQ_PORT=4433
TQ_C4=192.0.2.1 TQ_S4=192.0.2.2 TQ_C6=2001:db8::1 TQ_S6=2001:db8::2
TQ_IN_C4=10.99.0.1 TQ_IN_S4=10.99.0.2 TQ_IN_C6=fd99::1 TQ_IN_S6=fd99::2

# tq_keygen DIR NAME: DIR/NAME.key (private, a file) and DIR/NAME.pub.
tq_keygen() {
	tquic-keygen genkey -o "$1/$2.key" &&
		tquic-keygen pubkey < "$1/$2.key" > "$1/$2.pub"
}

# tq_wan C S: the two namespaces and the veth between them, addresses
# usable at once (no DAD).
tq_wan() {
	ip netns add "$1" && ip netns add "$2" &&
		ip -n "$1" link set lo up && ip -n "$2" link set lo up &&
		ip -n "$1" link add wan type veth peer wan netns "$2" &&
		ip -n "$1" addr add $TQ_C4/24 dev wan &&
		ip -n "$1" addr add $TQ_C6/64 dev wan nodad &&
		ip -n "$2" addr add $TQ_S4/24 dev wan &&
		ip -n "$2" addr add $TQ_S6/64 dev wan nodad &&
		ip -n "$1" link set wan up && ip -n "$2" link set wan up
}

# tq_inner NS 4ADDR 6ADDR [DEV]: inner addresses on a tquic link, and up.
# No link-local address (addrgenmode none, set over rtnetlink before the
# link goes up: the sysctl is not there on every kernel), so no router
# solicitations at random times: the tests count the packets the tunnel
# carries.
tq_inner() {
	local dev=${4:-tquic0}
	ip -n "$1" link set dev "$dev" addrgenmode none &&
		ip -n "$1" addr add "$2/24" dev "$dev" &&
		tq_inner6 "$1" "$3" "$dev" &&
		ip -n "$1" link set "$dev" up
}

# tq_inner6 NS 6ADDR [DEV]: the inner IPv6 address, again after a down/up
# (keep_addr_on_down is off by default: a down link loses it).
tq_inner6() {
	ip -n "$1" addr replace "$2/64" dev "${3:-tquic0}" nodad
}

# tq_client C DIR PEER [OPTION...]: tquic0 in C towards PEER (the server's
# IPv4 or IPv6 WAN address) with DIR's client keys and the extra options,
# up; again after the client's link was deleted.
tq_client() {
	local c=$1 dir=$2 peer=$3
	shift 3
	# shellcheck disable=SC2086
	ip -n "$c" link add tquic0 type tquic slaves ${TQ_SLAVES:-wan} \
		peer "$peer" port $TQ_PORT private-key "$dir/c.key" \
		peer-key "$(cat "$dir/s.pub")" "$@" &&
		tq_inner "$c" $TQ_IN_C4 $TQ_IN_C6
}

# tq_tunnel C S DIR PEER [CLIENT-OPTION...]: keys DIR/{c,s}.{key,pub}
# (made when missing), tquic0 in S listening, and tq_client's in C, both
# up. TQ_SERVER_OPTS adds options to the server's link; TQ_SLAVES, when
# set, is both ends' slave list with its per-slave options (default
# "wan").
tq_tunnel() {
	local c=$1 s=$2 dir=$3 peer=$4
	shift 4
	[ -f "$dir/c.key" ] || tq_keygen "$dir" c || return 1
	[ -f "$dir/s.key" ] || tq_keygen "$dir" s || return 1
	# shellcheck disable=SC2086
	ip -n "$s" link add tquic0 type tquic slaves ${TQ_SLAVES:-wan} \
		listen $TQ_PORT private-key "$dir/s.key" \
		peer-key "$(cat "$dir/c.pub")" ${TQ_SERVER_OPTS:-} &&
		tq_inner "$s" $TQ_IN_S4 $TQ_IN_S6 &&
		tq_client "$c" "$dir" "$peer" "$@"
}

# xstat NS NAME [DEV]: one IFLA_INFO_XSTATS value of a tquic link (names:
# the TQUIC_XSTATS_* suffixes in lower case).
xstat() {
	ip -n "$1" -s -d -j link show dev "${3:-tquic0}" |
		jq -r ".[0].linkinfo.info_xstats.$2"
}

# debug_kernel: true in the debug kernel's VM (vm/init.sh), where KASAN and
# lockdep make throughput no measure of the tunnel: tests report it there
# instead of asserting it. Functional assertions are the same everywhere.
debug_kernel() { [ "${TQUIC_DEBUG_KERNEL:-0}" = 1 ]; }

# check_rate DESC CMD...: check for a throughput threshold, or a bound on
# how fast the tunnel reacts (a failover's gap); on the debug kernel a miss
# is reported, not failed.
check_rate() {
	local desc=$1
	shift
	if "$@"; then
		ok "$desc"
	elif debug_kernel; then
		ok "$desc # SKIP missed on the debug kernel: reported, not asserted"
	else
		not_ok "$desc"
	fi
}

# cpu_ticks [N]: the jiffies CPU N (default: all CPUs) has been busy, and
# all it has counted (/proc/stat; idle and iowait are not busy).
cpu_ticks() {
	awk -v c="cpu$1" '$1 == c { t = 0; for (i = 2; i <= NF; i++) t += $i
		print t - $5 - $6, t }' /proc/stat
}

# cpu_busy CMD...: run CMD; $busy is then how busy the busier of CPUs 0
# and 1 was meanwhile, in percent.
cpu_busy() {
	local before=() n c t rc
	for n in 0 1; do
		read -r c t <<< "$(cpu_ticks $n)" && before+=("$c" "$t")
	done
	"$@"
	rc=$?
	busy=0
	for n in 0 1; do
		read -r c t <<< "$(cpu_ticks $n)"
		c=$((c - before[2 * n])) t=$((t - before[2 * n + 1]))
		[ "$t" -gt 0 ] && [ $((100 * c / t)) -gt $busy ] && busy=$((100 * c / t))
	done
	return $rc
}

# check_rate_cpu BUSY DESC CMD...: check_rate for a rate measured while a
# CPU was BUSY percent busy (cpu_busy). From 90% on, the VM's CPU set the
# rate, not the tunnel (under TCG a packet costs some hundred times what
# it does on hardware): a miss is reported, as on the debug kernel.
check_rate_cpu() {
	local busy=$1 desc=$2
	shift 2
	if [ "$busy" -ge 90 ] && ! "$@"; then
		ok "$desc # SKIP missed with a CPU ${busy}% busy: reported, not asserted"
	else
		check_rate "$desc" "$@"
	fi
}

# link_stat NS DEV rx|tx packets|bytes|dropped...: the link's own counters.
link_stat() {
	ip -n "$1" -s -j link show dev "$2" | jq -r ".[0].stats64.$3.$4"
}

# pings NS ADDR: one ping answered within a second.
pings() {
	ip netns exec "$1" ping -q -c 1 -W 1 "$2" > /dev/null 2>&1
}

# tq_up C [SECS]: traffic through the tunnel from C starts the handshake;
# true once an inner ping from C is answered (IPv4 and IPv6) and C's
# session is established.
tq_up() {
	wait_for "${2:-15}" pings "$1" $TQ_IN_S4 &&
		wait_for 5 pings "$1" $TQ_IN_S6 &&
		[ "$(xstat "$1" session)" = established ]
}

# tcp_listening NS PORT: a TCP socket listens on PORT in NS.
tcp_listening() {
	ip netns exec "$1" ss -Htln "sport = :$2" | grep -q .
}

# capture_export DESC NAME UDPPORT FILE: one check. In the test VM the
# capture goes out on a serial port to the host, whose tshark judges it
# as its own result (vm/run.sh, tools/check_capture.sh); elsewhere it is
# judged here when tshark is installed.
capture_export() {
	local desc=$1 name=$2 port=$3 file=$4
	local check
	check="$(dirname "$0")/tools/check_capture.sh"
	if [ -n "${TQUIC_CAPTURE_DEV:-}" ]; then
		if [ -s "$file" ] && {
			echo "TQUIC-PCAP-BEGIN $name $port"
			base64 < "$file"
			echo "TQUIC-PCAP-END $name"
		} > "$TQUIC_CAPTURE_DEV"; then
			ok "$desc"
		else
			not_ok "$desc"
		fi
	elif command -v tshark > /dev/null && [ -x "$check" ]; then
		check "$desc" "$check" "$file" "$port"
	else
		ok "$desc # SKIP no tshark here to dissect the capture"
	fi
}

# --- a test's namespaces and scratch space ------------------------------------

# tq_test_setup TAG: names for this test's namespaces, unique to the test
# and its process (C client, S server, R1 and R2 routers, each made only
# when the test needs it), a scratch directory $tmp, the list $pids of its
# background jobs, and the exit trap that removes all of them.
tq_test_setup() {
	C=tq-$1-c-$$ S=tq-$1-s-$$ R1=tq-$1-r1-$$ R2=tq-$1-r2-$$
	tmp=$(mktemp -d)
	pids=()
	trap tq_cleanup EXIT
}

tq_cleanup() {
	local ns
	[ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
	for ns in "$C" "$S" "$R1" "$R2"; do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$tmp"
}

# now_ms: wall-clock milliseconds, without a fork.
now_ms() {
	local us=${EPOCHREALTIME/./}
	echo $((us / 1000))
}

# sleep_until MS: sleep until now_ms reaches MS (at once if it has).
sleep_until() {
	local d=$(($1 - $(now_ms)))
	[ $d -gt 0 ] && sleep "$((d / 1000)).$(printf %03d $((d % 1000)))"
	return 0
}

# ratio A B: A/B to two decimals (0 when B is 0).
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# at_least A B, at_most A B: comparisons of decimal numbers.
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

# took_ms SECS CMD...: wait_for SECS CMD...; prints the milliseconds it
# took, or "never" when it timed out (and is false then).
took_ms() {
	local t0
	t0=$(now_ms)
	if wait_for "$@"; then
		echo $(($(now_ms) - t0))
	else
		echo never
		return 1
	fi
}

# --- two WANs: the multipath topology -----------------------------------------
# The client C and the server S joined by two WANs, wan1 and wan2 at both
# ends. WAN n is the subnet ${MP_NET[n]}.0/24: the client has .1 and its
# gateway .2 (S itself, or router Rn). The server's tunnel endpoint MP_PEER
# is an address of its loopback, reachable from the client through either
# WAN with a host route per WAN (metric 10 through WAN 1, 20 through WAN 2):
# the tunnel's sockets route with their slave as output interface, so each
# path finds its own WAN's route, while all else takes WAN 1.
#
# With routers (mp_wans C S R1 R2), router Rn sits in WAN n and masquerades
# the client behind its outside address 100.64.n.1 (S has 100.64.n.2 there),
# UDP source ports from 10000-19999, like a home router.
#
# Both directions of WAN n are shaped at C's and S's end of it: rate
# MP_RATE[n] Mbit/s, MP_DELAY[n] ms one way (issue 4's two paths).
MP_NET=("" 192.0.2 198.51.100)
MP_RATE=("" 20 10) MP_DELAY=("" 10 30)
MP_PEER=203.0.113.1

# mp_netem MBIT MS [NETEM-OPTION...]: netem's parameters for MBIT Mbit/s
# and MS ms of delay. Its limit counts the packets in its delay line too:
# rate x delay of them are in flight, and on top of that a queue of one
# bandwidth-delay product (rate x 2 x delay) lets one TCP connection fill
# the link, while a longer queue would only add delay (bufferbloat). So
# the limit is rate x 3 x delay in 1500-byte packets: 50 for WAN 1, 75 for
# WAN 2.
mp_netem() {
	local mbit=$1 ms=$2 limit
	shift 2
	limit=$((mbit * ms / 4))
	[ $limit -ge 10 ] || limit=10
	echo "netem rate ${mbit}mbit delay ${ms}ms limit $limit $*"
}

# mp_shape_wan C S N MBIT MS [NETEM-OPTION...]: both directions of WAN N
# shaped so, at the client's and the server's end.
mp_shape_wan() {
	local c=$1 s=$2 n=$3 netem
	shift 3
	netem=$(mp_netem "$@")
	# shellcheck disable=SC2086
	tc -n "$c" qdisc replace dev "wan$n" root $netem &&
		tc -n "$s" qdisc replace dev "wan$n" root $netem
}

# mp_offloads_off NS DEV...: no TSO, GSO or GRO on these links: netem is to
# shape wire-sized packets, not 64 KiB aggregates.
mp_offloads_off() {
	local ns=$1 dev
	shift
	for dev in "$@"; do
		ip netns exec "$ns" ethtool -K "$dev" tso off gso off gro off ||
			return 1
	done
}

# mp_own_cpus C S: the client's receive processing on CPU 0, the server's
# on CPU 1 (RPS on the WANs' veths), as on the two machines they stand
# for. Left alone, one CPU runs the sender, the netems and the receiver's
# decryption while the other idles, and a tunnel test measures that CPU,
# not the protocol. Processes pin themselves (mp_pin). The debug kernel
# has no RPS: there both ends share the CPUs, as its rates are not
# asserted anyway (check_rate).
mp_own_cpus() {
	local n
	debug_kernel && return 0
	for n in 1 2; do
		ip netns exec "$1" sh -c "echo 1 > /sys/class/net/wan$n/queues/rx-0/rps_cpus" &&
			ip netns exec "$2" sh -c "echo 2 > /sys/class/net/wan$n/queues/rx-0/rps_cpus" ||
			return 1
	done
}

# mp_pin CPU: iperf3's option that pins it to CPU, where mp_own_cpus gave
# each end its own.
mp_pin() { debug_kernel || echo "-A $1"; }

# mp_route N: the client's host route to MP_PEER through WAN N, as a
# command for ip; again after wanN went down, which took its routes.
mp_route() {
	echo "route replace $MP_PEER/32 via ${MP_NET[$1]}.2 dev wan$1 metric $(($1 * 10))"
}

# mp_masquerade R PORTS [replace]: router R's NAT: what leaves its outside
# link takes that link's address, and UDP a source port from PORTS. With
# "replace", the table R has is swapped for this one in one transaction:
# there is never a moment without NAT.
mp_masquerade() {
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

# nft_counted NS TABLE: packets the counters of NS's ip table TABLE have
# counted, all its rules together.
nft_counted() {
	ip netns exec "$1" nft -j list table ip "$2" |
		jq '[.nftables[].rule.expr[]?.counter.packets // empty] | add // 0'
}

# mp_wans C S [R1 R2]: the namespaces and both WANs, shaped, routes set.
# A namespace is configured by one batch of ip commands: starting a
# process takes a tenth of a second in the test VM.
mp_wans() {
	local c=$1 s=$2 n r cb sb
	ip netns add "$c" && ip netns add "$s" || return 1
	cb="link set lo up" sb="link set lo up
addr add $MP_PEER/32 dev lo"
	for n in 1 2; do
		r=${*:n + 2:1}
		cb+="
addr add ${MP_NET[$n]}.1/24 dev wan$n
link set wan$n up
$(mp_route $n)"
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
			mp_offloads_off "$r" lan wan &&
			mp_masquerade "$r" 10000-19999 || return 1
	done
	ip -n "$s" -b - <<< "$sb" && ip -n "$c" -b - <<< "$cb" &&
		mp_offloads_off "$c" wan1 wan2 && mp_offloads_off "$s" wan1 wan2 &&
		mp_shape_wan "$c" "$s" 1 "${MP_RATE[1]}" "${MP_DELAY[1]}" &&
		mp_shape_wan "$c" "$s" 2 "${MP_RATE[2]}" "${MP_DELAY[2]}"
}

# mp_wan_up C N: the client's wanN up again, with its route.
mp_wan_up() {
	ip -n "$1" -b - <<-IP
		link set wan$2 up
		$(mp_route "$2")
	IP
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

# paths_stat NS FIELD: "WAN1 WAN2", the counter FIELD (as tq_path names
# it: tx_bytes, lost) of NS's paths over wan1 and wan2, from one dump (one
# jq, which takes half a second to start in the test VM).
paths_stat() {
	tq_paths "$1" "\"\\(map(select(.dev == \"wan1\"))[0].$2) \\(map(select(.dev == \"wan2\"))[0].$2)\""
}

# Polls read ip's text instead, one line a path ("path ID dev IF state S
# [backup] srtt ... tx P/B rx P/B ..."): jq takes half a second to start
# in the test VM, longer than what the polls measure should take.

# stats NS: NS's tquic0 with its statistics as ip -s -d prints them; num
# TEXT NAME: the counter NAME (as ip names it) in such a TEXT. One ip for
# a group of counters.
stats() { ip -n "$1" -s -d link show dev tquic0; }
num() { [[ $1 =~ [[:space:]]$2\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}"; }

# path_pkts NS DEV...: "TX RX" packets of the path over each DEV, in
# order, from one dump.
path_pkts() {
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

# path_window NS MS: the packets of NS's paths over wan1 and wan2 in the
# next MS ms, each way: $tx1 $rx1 (wan1) $tx2 $rx2 (wan2).
path_window() {
	local a b c d start
	start=$(now_ms)
	read -r a b c d <<< "$(path_pkts "$1" wan1 wan2)"
	sleep_until $((start + $2))
	read -r tx1 rx1 tx2 rx2 <<< "$(path_pkts "$1" wan1 wan2)"
	tx1=$((tx1 - a)) rx1=$((rx1 - b)) tx2=$((tx2 - c)) rx2=$((rx2 - d))
}

# show_window NS MS LABEL: path_window NS MS, and a line with its counts.
show_window() {
	path_window "$1" "$2"
	echo "#   $3: wan1 path sent $tx1, received $rx1; wan2 sent $tx2, received $rx2"
}

# path_is NS DEV STATE: the path over DEV is in STATE (down, validating,
# active, failed).
path_is() {
	ip -n "$1" -s -d link show dev tquic0 |
		grep -Eq "^ +path [0-9]+ dev $2 state $3 "
}

# paths_active NS N: at least N of NS's paths are active.
paths_active() {
	[ "$(ip -n "$1" -s -d link show dev tquic0 |
		grep -Ec '^ +path [0-9]+ .*state active ')" -ge "$2" ]
}

# mp_tunnel C S DIR [CLIENT-OPTION...]: tq_tunnel over both WANs towards
# MP_PEER; MP_SLAVES, when set, replaces the slave list "wan1 wan2" (to
# add per-slave options). No scheduled rekey in a test's time.
mp_tunnel() {
	local c=$1 s=$2 dir=$3
	shift 3
	TQ_SLAVES=${MP_SLAVES:-wan1 wan2} \
		TQ_SERVER_OPTS="rekey-time 600 ${TQ_SERVER_OPTS:-}" \
		tq_tunnel "$c" "$s" "$dir" $MP_PEER rekey-time 600 "$@"
}

# mp_up C S: the handshake, then both paths validated at both ends.
mp_up() {
	tq_up "$1" && wait_for 10 paths_active "$1" 2 &&
		wait_for 5 paths_active "$2" 2
}

# --- goodput sampled every 100 ms ---------------------------------------------

# gp_start RECV SEND ADDR SECS FILE [PORT]: in the background, SECS of TCP
# from namespace SEND to ADDR:PORT (default 5301) in RECV. The receiver, a
# one-off iperf3 server, samples what arrives every 100 ms: its JSON report
# goes to FILE, the sender's to FILE.send. gp_wait collects both. On the
# debug kernel the sender keeps to 1 Mbit/s, below what the tunnel carries
# there: at full speed it takes all CPUs, and the polls timing the tunnel's
# reactions would measure their own wait for one.
gp_start() {
	local recv=$1 send=$2 addr=$3 secs=$4 file=$5 port=${6:-5301} rate=()
	debug_kernel && rate=(-b 1M)
	timeout $((secs + 30)) ip netns exec "$recv" \
		iperf3 -s -1 -J -i 0.1 -p "$port" > "$file" 2>&1 &
	gp_recv=$! gp_file=$file
	pids+=("$gp_recv")
	wait_for 10 tcp_listening "$recv" "$port" || return 1
	timeout $((secs + 30)) ip netns exec "$send" iperf3 -c "$addr" \
		-p "$port" -t "$secs" --connect-timeout 5000 -J \
		"${rate[@]}" > "$file.send" 2>&1 &
	gp_send=$!
	pids+=("$gp_send")
}

# gp_wait: true when both ends of gp_start's transfer finished without an
# error: its TCP connection lasted to the end.
gp_wait() {
	local rc=0
	wait "$gp_send" && iperf3_ok "$gp_file.send" || rc=1
	wait "$gp_recv" && iperf3_ok "$gp_file" || rc=1
	return $rc
}

# gp_gap FILE: the longest run of 100 ms samples in which nothing arrived,
# in ms (rounded to a sample: three of them last 0.301 s), from a
# receiver's report of gp_start; nothing when it has none.
gp_gap() {
	jq 'if (.intervals | length) == 0 then empty else
		reduce .intervals[].sum as $i ({run: 0, max: 0};
			if $i.bytes == 0 then .run += $i.seconds |
				.max = ([.max, .run] | max)
			else .run = 0 end) | .max * 10 | round * 100 end' "$1"
}

# iperf3_ok FILE: true when iperf3's JSON report FILE is of a test that
# ran. Its exit code does not tell: iperf3 3.12 with -J exits 0 when it
# could not even connect, and says so only in the report's "error".
iperf3_ok() { jq -es 'length == 1 and (.[0] | has("error") | not)' "$1" > /dev/null 2>&1; }

# iperf3_json FILE CMD...: CMD, an iperf3 -J run and what wraps it, with
# its report in FILE; true when CMD succeeded and the report is of a test
# that ran (iperf3_ok).
iperf3_json() {
	local file=$1
	shift
	"$@" > "$file" && iperf3_ok "$file"
}

# gp_mbit FILE: the receiver's mean goodput in Mbit/s (one decimal).
gp_mbit() {
	jq '(.end.sum_received.bits_per_second // 0) / 1e5 | round / 10' "$1"
}

# tq_send FROM TO ADDR PORT FILE OUT: FILE over TCP from namespace FROM to
# ADDR:PORT in TO, written to OUT there; true when it arrived whole.
tq_send() {
	local from=$1 to=$2 addr=$3 port=$4 file=$5 out=$6 srv rc
	timeout 60 ip netns exec "$to" nc -l -p "$port" > "$out" &
	srv=$!
	wait_for 10 tcp_listening "$to" "$port" || { kill $srv; return 1; }
	timeout 60 ip netns exec "$from" \
		bash -c "cat '$file' > /dev/tcp/$addr/$port"
	rc=$?
	wait $srv
	[ $rc = 0 ] && cmp -s "$file" "$out"
}
