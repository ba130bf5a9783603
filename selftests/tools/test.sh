#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of tq_attack on the host's loopback: what `junk`, `replay` and
# `flood` send is captured by `capture` and read back by tshark, an
# independent pcap reader, byte for byte.
# Usage: test.sh [BINARY]; BINARY defaults to ./tq_attack.
set -u

here=$(cd "$(dirname "$0")" && pwd)
TQ=${1:-$here/tq_attack}
. "$here/../../tools/tap.sh"

# Ports nothing else on the host uses for these few seconds: from our PID.
P1=$((20000 + $$ % 20000))
P2=$((P1 + 1))

# start_capture IFACE PORT COUNT FILE: in the background, once it is ready.
cap_pid=
start_capture() {
	"$TQ" capture "$1" "$2" "$3" "$4" 10 > "$tmp/cap.log" 2>&1 &
	cap_pid=$!
	local i
	for i in $(seq 50); do
		grep -q '^capturing on' "$tmp/cap.log" && return 0
		kill -0 $cap_pid 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

# finish_capture: its exit status, after it ends by itself.
finish_capture() {
	wait "$cap_pid"
}

# payloads FILE [PORT]: one line per UDP datagram: its payload in hex.
payloads() {
	tshark -r "$1" -T fields -e udp.payload 2>/dev/null
}

# same_payloads EXPECTED FILE: FILE's payloads are EXPECTED's lines, in
# order. If not, out says how they differ, for tap to print.
same_payloads() {
	local sorted=no

	payloads "$2" > "$tmp/got.hex"
	cmp -s "$1" "$tmp/got.hex" && return 0
	cmp -s <(sort "$1") <(sort "$tmp/got.hex") && sorted=yes
	out="$(wc -l < "$1") expected, $(wc -l < "$tmp/got.hex") captured; the same when sorted: $sorted; capture: $(tr '\n' ' ' < "$tmp/cap.log")"
	return 1
}

# run ARGS...: the tool's rc, stdout and stderr. On one CPU: loopback queues
# a datagram on the sending CPU's backlog, and when softirqs are deferred to
# ksoftirqd a sender that migrates can overtake its own earlier datagrams.
run() {
	taskset -c 0 "$TQ" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	out=$(<"$tmp/out")
	err=$(<"$tmp/err")
}

if ! command -v tshark > /dev/null; then
	skip "tq_attack on loopback" "tshark not installed"
	tap_finish
	exit
fi
probe=$("$TQ" capture lo 1 1 "$tmp/probe.pcap" 0 2>&1)
if [[ $probe == *"Operation not permitted"* ]]; then
	skip "tq_attack on loopback" "AF_PACKET needs CAP_NET_RAW"
	tap_finish
	exit
fi

# --- junk, captured -----------------------------------------------------------
start_capture lo $P1 40 "$tmp/junk.pcap"
tap "capture reports it is ready"
run junk 127.0.0.1 $P1 40 --seed 7
[ $rc = 0 ] && [[ $out == *"seed 7"*"sent 40 datagrams (0 errors)"* ]]
tap "junk sends COUNT datagrams and names its seed"
finish_capture
tap "capture ends with status 0 after COUNT packets"
[ "$(tshark -r "$tmp/junk.pcap" -T fields -e udp.dstport 2>/dev/null | sort -u)" = $P1 ]
tap "capture keeps only its port; tshark reads the file"
payloads "$tmp/junk.pcap" > "$tmp/junk.hex"
[ "$(wc -l < "$tmp/junk.hex")" = 40 ] &&
	awk '{ if (length($0) > 3000) exit 1 }' "$tmp/junk.hex"
tap "junk datagrams are at most 1500 bytes"
[ "$(grep -c '^..54510001' "$tmp/junk.hex")" -ge 5 ] &&
	[ "$(grep -c '^[4-7]' "$tmp/junk.hex")" -ge 5 ]
tap "junk has tquic long headers and short headers"
run junk 127.0.0.1 $P2 40 --seed 7
start_capture lo $P1 40 "$tmp/junk2.pcap"
run junk 127.0.0.1 $P1 40 --seed 7
finish_capture
same_payloads "$tmp/junk.hex" "$tmp/junk2.pcap"
tap "the same seed sends the same datagrams"

! "$here/check_capture.sh" "$tmp/junk.pcap" $P1 > "$tmp/check.log" &&
	grep -q 'no complete handshake' "$tmp/check.log"
tap "check_capture.sh fails random datagrams"

# --- replay -------------------------------------------------------------------
start_capture lo $P2 40 "$tmp/replay.pcap"
run replay "$tmp/junk.pcap" 127.0.0.1 $P2
[ $rc = 0 ] && [[ $out == "sent 40 datagrams"* ]]
tap "replay sends every captured datagram"
finish_capture
same_payloads "$tmp/junk.hex" "$tmp/replay.pcap"
tap "replayed payloads are the captured ones, in order"

# Bit 3 is 0x10 of byte 0: the long header's packet type.
nonempty=$(grep -c . "$tmp/junk.hex")
start_capture lo $P2 "$nonempty" "$tmp/flip.pcap"
run replay "$tmp/junk.pcap" 127.0.0.1 $P2 --flip-bit 3
finish_capture
flipped_ok() {
	local a b n=0
	while read -r a b; do
		[ $((16#${a:0:2} ^ 16#${b:0:2})) = 16 ] &&
			[ "${a:2}" = "${b:2}" ] || return 1
		n=$((n + 1))
	done
	[ "$n" = "$nonempty" ]
}
paste <(grep . "$tmp/junk.hex") <(payloads "$tmp/flip.pcap") | flipped_ok
tap "--flip-bit flips that one bit of every non-empty datagram"

start_capture lo $P2 40 "$tmp/trunc.pcap"
run replay "$tmp/junk.pcap" 127.0.0.1 $P2 --truncate 10
finish_capture
cut -c1-20 "$tmp/junk.hex" > "$tmp/trunc.hex"
same_payloads "$tmp/trunc.hex" "$tmp/trunc.pcap"
tap "--truncate keeps the first LEN bytes"

# Short: the long-header bit (0x80) clear, whatever the rest says.
n_short=$(grep -c '^[0-7]' "$tmp/junk.hex")
start_capture lo $P2 $((3 * n_short)) "$tmp/rep.pcap"
run replay "$tmp/junk.pcap" 127.0.0.1 $P2 --type short --repeat 3
finish_capture
for i in 1 2 3; do grep '^[0-7]' "$tmp/junk.hex"; done > "$tmp/rep.hex"
same_payloads "$tmp/rep.hex" "$tmp/rep.pcap"
tap "--type short --repeat 3 sends the short headers three times"

run replay "$tmp/junk.pcap" 127.0.0.1 $P2 --dport $P2
[ $rc = 1 ] && [[ $out == "sent 0 datagrams (0 selected"* ]]
tap "--dport selects by destination port; nothing sent is an error"

# Any address of the loopback's 127/8 is ours to send from.
start_capture lo $P2 40 "$tmp/src.pcap"
run replay "$tmp/junk.pcap" 127.0.0.1 $P2 --src 127.0.0.77
finish_capture
[ $rc = 0 ] && [ "$(tshark -r "$tmp/src.pcap" -T fields -e ip.src 2>/dev/null |
	sort -u)" = 127.0.0.77 ]
tap "--src sends every datagram from that address"
run replay "$tmp/junk.pcap" 127.0.0.1 $P2 --src ::1
[ $rc = 2 ]
tap "--src of the other family is refused"

# --- flood, captured -------------------------------------------------------------
# Any 32 bytes serve as the key here: the kernel tests show its mac1 good.
key=$(head -c 32 /dev/urandom | base64)
start_capture lo $P1 30 "$tmp/flood.pcap"
run flood 127.0.0.1 $P1 --peer-key "$key" --sources 10 --rate 500 --duration 1
[ $rc = 0 ] && [ "$out" = "sent 500 datagrams from 10 sources (0 errors)" ]
tap "flood sends RATE x DURATION datagrams"
finish_capture
tap "the flood is captured"
tshark -r "$tmp/flood.pcap" -o udp.check_checksum:TRUE -T fields \
	-e ip.src -e udp.checksum.status -e udp.length 2>/dev/null |
	sort -u > "$tmp/flood.txt"
[ "$(cut -f1 "$tmp/flood.txt" | sort -u | tr '\n' ' ')" = \
	"198.18.0.1 198.18.0.10 198.18.0.2 198.18.0.3 198.18.0.4 198.18.0.5 198.18.0.6 198.18.0.7 198.18.0.8 198.18.0.9 " ] &&
	[ "$(cut -f2- "$tmp/flood.txt" | sort -u | tr '\t\n' '  ')" = "1 1208 " ]
tap "flood: 10 spoofed sources, good UDP checksums, Initials of 1200 bytes"
[ "$(payloads "$tmp/flood.pcap" | grep -c '^c054510001')" = 30 ]
tap "flood: tquic Initials"

# --- IPv6, timeouts, refusals ----------------------------------------------------
if ip -6 addr show dev lo | grep -q '::1'; then
	start_capture lo $P1 5 "$tmp/v6.pcap"
	run junk ::1 $P1 5
	finish_capture
	[ "$(tshark -r "$tmp/v6.pcap" -T fields -e ipv6.dst 2>/dev/null | sort -u)" = ::1 ]
	tap "IPv6: junk and capture"
else
	skip "IPv6: junk and capture" "no ::1 on lo"
fi

run capture lo $P1 1 "$tmp/empty.pcap" 1
[ $rc = 3 ] && [[ $out == *"captured 0 packets" ]] &&
	[ -z "$(tshark -r "$tmp/empty.pcap" 2>&1 | grep -v '^Running as')" ]
tap "capture timeout: status 3, an empty but valid file"

head -c 100 "$tmp/junk.pcap" > "$tmp/cut.pcap"
run replay "$tmp/cut.pcap" 127.0.0.1 $P2
[ $rc = 1 ] && [[ $err == *"truncated or corrupt"* ]]
tap "replay refuses a truncated capture"
run replay "$tmp/junk.hex" 127.0.0.1 $P2
[ $rc = 1 ] && [[ $err == *"not a pcap file"* ]]
tap "replay refuses a file that is not pcap"
run capture no-such-dev0 $P1 1 "$tmp/x.pcap"
[ $rc = 1 ] && [[ $err == *"no interface"* ]]
tap "capture refuses an unknown interface"
ok_usage=1
for args in "" "bogus" "junk 127.0.0.1 1" "junk 127.0.0.1 70000 1" \
	"junk 300.0.0.1 1 1" "replay f 127.0.0.1 1 --type bogus" \
	"replay f 127.0.0.1 1 --repeat -1" "capture lo 1 x f" \
	"flood 127.0.0.1 1" "flood 127.0.0.1 1 --peer-key abc" \
	"flood 127.0.0.1 1 --peer-key $key --rate 0"; do
	# shellcheck disable=SC2086
	run $args
	[ $rc = 2 ] && [[ $err == *Usage* ]] || ok_usage=0
done
[ $ok_usage = 1 ]
tap "bad arguments: usage and status 2"

tap_finish
