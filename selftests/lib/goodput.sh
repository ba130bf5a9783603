# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Throughput through the tunnel and the checks of it: TCP goodput sampled
# every 100 ms by an iperf3 receiver (tq_gp_start, tq_gp_wait, tq_gp_gap,
# tq_gp_mbit), iperf3's JSON reports (tq_iperf3_json), a file sent over
# TCP (tq_send), the CPU a run took (tq_cpu_busy), and the rate checks
# that the debug kernel reports rather than asserts (tq_check_rate,
# tq_check_rate_cpu).

# shellcheck source=lib/netns.sh
. "${BASH_SOURCE[0]%/*}/netns.sh"

# tq_check_rate DESC CMD...: check for a throughput threshold, or a bound on
# how fast the tunnel reacts (a failover's gap); on the debug kernel a miss
# is reported, not failed.
tq_check_rate() {
	local desc=$1
	shift
	if "$@"; then
		tq_ok "$desc"
	elif tq_debug_kernel; then
		tq_ok "$desc # SKIP missed on the debug kernel: reported, not asserted"
	else
		tq_not_ok "$desc"
	fi
}

# tq_cpu_ticks [N]: the jiffies CPU N (default: all CPUs) has been busy, and
# all it has counted (/proc/stat; idle and iowait are not busy).
tq_cpu_ticks() {
	awk -v c="cpu$1" '$1 == c { t = 0; for (i = 2; i <= NF; i++) t += $i
		print t - $5 - $6, t }' /proc/stat
}

# tq_cpu_busy CMD...: run CMD; $busy is then how busy the busier of CPUs 0
# and 1 was meanwhile, in percent.
tq_cpu_busy() {
	local before=() n c t rc
	for n in 0 1; do
		read -r c t <<< "$(tq_cpu_ticks $n)" && before+=("$c" "$t")
	done
	"$@"
	rc=$?
	busy=0
	for n in 0 1; do
		read -r c t <<< "$(tq_cpu_ticks $n)"
		c=$((c - before[2 * n])) t=$((t - before[2 * n + 1]))
		[ "$t" -gt 0 ] && [ $((100 * c / t)) -gt $busy ] && busy=$((100 * c / t))
	done
	return $rc
}

# tq_check_rate_cpu BUSY DESC CMD...: tq_check_rate for a rate measured while a
# CPU was BUSY percent busy (tq_cpu_busy). From 90% on, the VM's CPU set the
# rate, not the tunnel (under TCG a packet costs some hundred times what
# it does on hardware): a miss is reported, as on the debug kernel.
tq_check_rate_cpu() {
	local busy=$1 desc=$2
	shift 2
	if [ "$busy" -ge 90 ] && ! "$@"; then
		tq_ok "$desc # SKIP missed with a CPU ${busy}% busy: reported, not asserted"
	else
		tq_check_rate "$desc" "$@"
	fi
}

# tq_gp_start RECV SEND ADDR SECS FILE [PORT]: in the background, SECS of TCP
# from namespace SEND to ADDR:PORT (default 5301) in RECV. The receiver, a
# one-off iperf3 server, samples what arrives every 100 ms: its JSON report
# goes to FILE, the sender's to FILE.send. tq_gp_wait collects both. On the
# debug kernel the sender keeps to 1 Mbit/s, below what the tunnel carries
# there: at full speed it takes all CPUs, and the polls timing the tunnel's
# reactions would measure their own wait for one.
tq_gp_start() {
	local recv=$1 send=$2 addr=$3 secs=$4 file=$5 port=${6:-5301} rate=()
	tq_debug_kernel && rate=(-b 1M)
	timeout $((secs + 30)) ip netns exec "$recv" \
		iperf3 -s -1 -J -i 0.1 -p "$port" > "$file" 2>&1 &
	gp_recv=$! gp_file=$file
	pids+=("$gp_recv")
	tq_wait_for 10 tq_tcp_listening "$recv" "$port" || return 1
	timeout $((secs + 30)) ip netns exec "$send" iperf3 -c "$addr" \
		-p "$port" -t "$secs" --connect-timeout 5000 -J \
		"${rate[@]}" > "$file.send" 2>&1 &
	gp_send=$!
	pids+=("$gp_send")
}

# tq_gp_wait: true when both ends of tq_gp_start's transfer finished without an
# error: its TCP connection lasted to the end.
tq_gp_wait() {
	local rc=0
	wait "$gp_send" && tq_iperf3_ok "$gp_file.send" || rc=1
	wait "$gp_recv" && tq_iperf3_ok "$gp_file" || rc=1
	return $rc
}

# tq_gp_gap FILE: the longest run of 100 ms samples in which nothing arrived,
# in ms (rounded to a sample: three of them last 0.301 s), from a
# receiver's report of tq_gp_start; nothing when it has none.
tq_gp_gap() {
	jq 'if (.intervals | length) == 0 then empty else
		reduce .intervals[].sum as $i ({run: 0, max: 0};
			if $i.bytes == 0 then .run += $i.seconds |
				.max = ([.max, .run] | max)
			else .run = 0 end) | .max * 10 | round * 100 end' "$1"
}

# tq_iperf3_ok FILE: true when iperf3's JSON report FILE is of a test that
# ran. Its exit code does not tell: iperf3 3.12 with -J exits 0 when it
# could not even connect, and says so only in the report's "error".
tq_iperf3_ok() { jq -es 'length == 1 and (.[0] | has("error") | not)' "$1" > /dev/null 2>&1; }

# tq_iperf3_json FILE CMD...: CMD, an iperf3 -J run and what wraps it, with
# its report in FILE; true when CMD succeeded and the report is of a test
# that ran (tq_iperf3_ok).
tq_iperf3_json() {
	local file=$1
	shift
	"$@" > "$file" && tq_iperf3_ok "$file"
}

# tq_gp_mbit FILE: the receiver's mean goodput in Mbit/s (one decimal).
tq_gp_mbit() {
	jq '(.end.sum_received.bits_per_second // 0) / 1e5 | round / 10' "$1"
}

# tq_send FROM TO ADDR PORT FILE OUT: FILE over TCP from namespace FROM to
# ADDR:PORT in TO, written to OUT there; true when it arrived whole.
tq_send() {
	local from=$1 to=$2 addr=$3 port=$4 file=$5 out=$6 srv rc
	timeout 60 ip netns exec "$to" nc -l -p "$port" > "$out" &
	srv=$!
	tq_wait_for 10 tq_tcp_listening "$to" "$port" || { kill $srv; return 1; }
	timeout 60 ip netns exec "$from" \
		bash -c "cat '$file' > /dev/tcp/$addr/$port"
	rc=$?
	wait $srv
	[ $rc = 0 ] && cmp -s "$file" "$out"
}
