#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Judge a capture of a tquic tunnel with tshark, a dissector we did not
# write: every packet must dissect as QUIC, without a malformed packet or an
# expert error (warnings are expected: tshark cannot decrypt Noise-keyed
# packets of our version). The capture must hold the handshake (an Initial
# first, a Handshake reply, long headers of our version) and 1-RTT short
# header packets after it.
# Usage: check_capture.sh FILE.pcap UDPPORT
# Prints what it found as comment lines; exit 0 when the capture passes.
set -uo pipefail
file=$1 port=$2
VERSION=0x54510001
# Wireshark's expert severities: PI_WARN 0x00600000, PI_ERROR 0x00800000.
PI_ERROR=8388608

command -v tshark > /dev/null || { echo "# tshark not installed"; exit 1; }
fields=$(tshark -r "$file" -d "udp.port==$port,quic" -T fields \
	-E separator='|' -e frame.number -e frame.protocols \
	-e quic.header_form -e quic.long.packet_type -e quic.version \
	-e _ws.expert.severity -e _ws.malformed 2>&1 |
	grep -v '^Running as user') || { echo "# tshark: $fields"; exit 1; }

awk -F'|' -v version=$VERSION -v pi_error=$PI_ERROR '
function fail(msg) { printf "#   frame %s: %s\n", $1, msg; bad++ }
NF < 7 { fail("unexpected tshark output: " $0); next }
{
	n++
	if ($2 !~ /:quic$/)
		fail("not dissected as QUIC (" $2 ")")
	if ($7 != "")
		fail("malformed")
	split($6, sev, ",")
	for (i in sev)
		if (sev[i] + 0 >= pi_error)
			fail("expert error (severity " sev[i] ")")
	if ($3 == "1") {
		long++
		type[$4]++
		if ($5 != version)
			fail("long header of version " $5)
		if (n == 1 && $4 != "0")
			fail("first packet is not an Initial")
		if (short && !late++)
			printf "#   frame %s: long header after 1-RTT (a rekey)\n", $1
	} else if ($3 == "0") {
		short++
		if (!long)
			fail("short header before any handshake")
	} else {
		fail("no QUIC header form")
	}
}
END {
	printf "# %d packets: %d long (Initial %d, Handshake %d, Retry %d), %d short\n",
		n, long, type["0"], type["2"], type["3"], short
	if (!n)
		print "#   empty capture"
	if (!type["0"] || !type["2"])
		print "#   no complete handshake (Initial and Handshake)"
	if (!short)
		print "#   no 1-RTT packet"
	exit bad || !n || !type["0"] || !type["2"] || !short
}' <<< "$fields"
