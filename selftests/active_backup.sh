#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Topology (tq_mp_wans, tq_mp_tunnel in lib/mp.sh):
#
#   C                                     S
#   tquic0 10.99.0.1/24 fd99::1/64        tquic0 10.99.0.2/24 fd99::2/64
#     slaves wan1 wan2 backup             slaves wan1 wan2 backup
#     peer 203.0.113.1 port 4433          listen 4433
#                                         lo 203.0.113.1/32
#   wan1 192.0.2.1/24    ===== veth ===== wan1 192.0.2.2/24
#                        20 Mbit/s, 10 ms
#   wan2 198.51.100.1/24 ===== veth ===== wan2 198.51.100.2/24
#                        10 Mbit/s, 30 ms
#
#   Each WAN is shaped by netem at both ends, the same each way (rate,
#   one-way delay), with TSO, GSO and GRO off. C routes 203.0.113.1 over
#   wan1 (metric 10) and over wan2 (metric 20); the tunnel routes each
#   path's packets with its slave as output interface: over its own WAN.
#   Both ends in mode active-backup, wan2 their backup slave.
#
# Active-backup: WAN 2's slave is the backup at both ends. Under one TCP
# upload (the server's inner ACKs come back through the tunnel too), the
# backup path carries no data while WAN 1 is up, all of it while wan1 is
# down, and none again once wan1 is back.
#
# "No data" is a bound, not zero: an idle path may still see a few
# control packets (PATH_STATUS, ACKs of them, a probe of its liveness;
# keepalives come every 25 s). BACKUP_BUDGET packets each way in a 2 s
# window allows a few of those a second, against the ~3300 full-size
# packets WAN 1 carries in that time.
# shellcheck source=lib/mp.sh
. "$(dirname "$0")/lib/mp.sh"
# shellcheck source=lib/goodput.sh
. "$(dirname "$0")/lib/goodput.sh"
tq_require ip jq iperf3 ss tc ethtool tquic-keygen

tq_test_setup ab

SECS=10 BACKUP_BUDGET=10
# Its polls take seconds there: the last window must still fall in the
# transfer.
tq_debug_kernel && SECS=30
# The least a path carrying the transfer sees in 2 s, each way. The debug
# kernel's ACKs come back at 25-40 a second (once 49 in a window): there
# it is a rate, reported, not asserted.
TAKEOVER=50

# window NAME FROM: the packets of both paths in the 2 s from FROM ms after
# the transfer began (or from now, on a kernel slow enough for that to be
# past): $tx1 $rx1 (wan1) $tx2 $rx2 (wan2).
window() {
	local start
	tq_sleep_until $((t0 + $2))
	start=$(tq_now_ms)
	tq_path_window $C 2000
	echo "#   $1, $((start - t0)) ms to $(($(tq_now_ms) - t0)) ms: wan1 path sent $tx1, received $rx1; wan2 (backup) sent $tx2, received $rx2"
}

# idle_backup WHEN: the backup path stayed within its budget while WAN 1
# carried the transfer: past the budget at all, and at its rate (which
# the debug kernel may miss, as below).
idle_backup() {
	tq_check "$1: the backup path carries no data (<= $BACKUP_BUDGET packets each way)" \
		test $tx2 -le $BACKUP_BUDGET -a $rx2 -le $BACKUP_BUDGET
	tq_check "$1: WAN 1 carries data (> $BACKUP_BUDGET packets each way)" \
		test $tx1 -gt $BACKUP_BUDGET -a $rx1 -gt $BACKUP_BUDGET
	tq_check_rate "$1: WAN 1 carries the transfer (> $TAKEOVER packets each way)" \
		test $tx1 -gt $TAKEOVER -a $rx1 -gt $TAKEOVER
}

tq_ktap_begin 16
tq_check "two shaped WANs" tq_mp_wans $C $S
MP_SLAVES="wan1 wan2 backup" TQ_SERVER_OPTS="mode active-backup" \
	tq_check "tquic0 at both ends, active-backup, wan2 the backup" \
	tq_mp_tunnel $C $S "$tmp" mode active-backup
tq_check "handshake, both paths active at both ends" tq_mp_up $C $S
tq_expect_eq "mode shown" active-backup "$(tq_info $C tquic0 .mode)"
tq_expect_eq "the path over wan2 is the backup one" "false true" \
	"$(tq_path $C wan1 backup) $(tq_path $C wan2 backup)"

tq_check "a $SECS s TCP transfer client -> server starts" \
	tq_gp_start $S $C $TQ_IN_S4 $SECS "$tmp/gp.json"
t0=$(tq_now_ms)
window "WAN 1 up" 800
idle_backup "WAN 1 up"

ip -n $C link set wan1 down
window "WAN 1 down" 3300
# Carrying at all is past the idle budget; carrying at the transfer's
# rate is a rate, which the debug kernel's TCP, slow to recover from the
# switch, may miss (lib/goodput.sh, tq_check_rate).
tq_check "WAN 1 down: the backup takes over (> $BACKUP_BUDGET packets each way)" \
	test $tx2 -gt $BACKUP_BUDGET -a $rx2 -gt $BACKUP_BUDGET
tq_check_rate "WAN 1 down: the backup carries the transfer (> $TAKEOVER packets each way)" \
	test $tx2 -gt $TAKEOVER -a $rx2 -gt $TAKEOVER

tq_mp_wan_up $C 1
back=$(tq_took_ms 5 tq_path_is $C wan1 active)
echo "#   wan1 back, its path active after $back ms"
tq_check "wan1's path is active again" test "$back" != never
# Then half a second for the handover, and the same window as before.
window "WAN 1 back" $(($(tq_now_ms) - t0 + 500))
idle_backup "WAN 1 back"
tq_check "the TCP connection survived" tq_gp_wait
echo "#   longest zero-goodput gap $(tq_gp_gap "$tmp/gp.json") ms; mean goodput $(tq_gp_mbit "$tmp/gp.json") Mbit/s"
tq_ktap_finish
