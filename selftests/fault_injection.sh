#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Allocation failures under link creation, change and use: failslab,
# limited to one ip process (task filter), fails every Nth of its slab
# allocations, sleeping ones included, N swept from 2 to 250 in even steps
# so the failures walk the whole path. Injection starts only once ip is
# running (blocked opening its batch FIFO) with its tquic plugin already
# loaded, so the failures land in the netlink and driver paths rather than
# in exec or dlopen. Each attempt must leave either no link or a whole
# one; once injection stops, everything works again. A crash, a splat or a
# leak (kmemleak, at the end of the VM run) fails the run.
# shellcheck source=lib/tunnel.sh
. "$(dirname "$0")/lib/tunnel.sh"
tq_require ip jq

F=/sys/kernel/debug/failslab
[ -d $F ] || tq_skip_all "no $F (CONFIG_FAILSLAB, CONFIG_FAULT_INJECTION_DEBUG_FS)"
ROUNDS=${FAULT_ROUNDS:-30}
tq_test_setup fs NS
# failslab is the whole kernel's: off again, whatever the test's outcome.
tq_at_cleanup "echo 0 > $F/probability; echo 1 > $F/interval"

ipn() { ip -n $NS "$@"; }
info() { tq_info $NS tquic0 "$1"; }
# Blocked opening the FIFO, not in some other open during start-up. These
# states are polled many times a round: bash reads /proc itself, as
# starting a program takes a tenth of a second or more in the test VM.
on_fifo() {
	local nr= wchan=
	read -r nr _ 2>/dev/null < "/proc/$1/syscall"
	read -r -d '' wchan 2>/dev/null < "/proc/$1/wchan"
	[ "$nr" = 257 ] && [[ $wchan == *fifo* || $wchan == *partner* ]]
}
# Exited (a zombie until reaped counts as exited).
gone() {
	local stat=
	read -r stat 2>/dev/null < "/proc/$1/stat"
	[[ -z $stat || $stat == *") Z "* ]]
}
# Asleep in recvmsg: netlink answers a request before the sendmsg that
# made it returns, so an ip asleep there waits for a reply that was lost.
lost_reply() {
	local nr= stat=
	read -r nr _ 2>/dev/null < "/proc/$1/syscall"
	read -r stat 2>/dev/null < "/proc/$1/stat"
	[ "$nr" = 47 ] && [[ $stat == *") S "* ]]
}
finished() { gone "$1" || lost_reply "$1"; }

# failing N CMD...: one "ip -batch" process runs the ip commands, with
# every Nth of its slab allocations failing. netlink may drop a reply it
# cannot allocate, leaving ip waiting for ever: such an ip is killed and
# counted in $stuck; RTNL itself must stay free, which the later rounds
# and the final checks prove.
failing() {
	local every=$1 pid
	shift
	LD_PRELOAD=$plugin ip -force -n $NS -batch "$tmp/fifo" > /dev/null 2>&1 &
	pid=$!
	if ! tq_wait_for 20 on_fifo $pid; then
		echo "# ip -batch never waited on its FIFO: $(cat /proc/$pid/wchan 2>&1)"
		kill -9 $pid
		wait $pid 2>/dev/null
		return 1
	fi
	echo 1 > "/proc/$pid/make-it-fail"
	echo "$every" > $F/interval
	echo 100 > $F/probability
	# ip waits in its open of the FIFO for reading: this open does not.
	printf '%s\n' "$@" > "$tmp/fifo"
	tq_wait_for 20 finished $pid
	if ! gone $pid; then
		stuck=$((stuck + 1))
		kill -9 $pid
	fi
	wait $pid 2>/dev/null
	echo 0 > $F/probability
}

# whole CONF: a link that exists ("SLAVES MODE") must be one of the
# configurations we asked for.
whole() {
	case "$1" in
	"w0 w1 aggregate" | "w1 redundant" | "w0 w1 redundant") return 0 ;;
	esac
	return 1
}

mkfifo "$tmp/fifo"
# Where ip finds link_tquic.so: IP_LIB_DIR in the test VM, else iproute2's
# default.
plugin=${IP_LIB_DIR:-/usr/lib/ip}/link_tquic.so
ip netns add $NS
ipn link add w0 type veth peer w0b
ipn link add w1 type veth peer w1b
ipn link set w0 up && ipn link set w0b up

echo Y > $F/task-filter
echo 1 > $F/interval
echo N > $F/ignore-gfp-wait
echo -1 > $F/times
echo 0 > $F/space
echo 0 > $F/verbose

tq_ktap_begin 7
created=0 refused=0 broken=0 changed=0 stuck=0 made= start=$SECONDS
for i in $(seq "$ROUNDS"); do
	every=$((2 + (i - 1) * 250 / ROUNDS))
	failing $every \
		"link add tquic0 type tquic slaves w0 w1 peer 198.51.100.7 port 4433" \
		"link set tquic0 type tquic slaves w1 mode redundant" \
		"link set tquic0 up"
	if ipn link show tquic0 > /dev/null 2>&1; then
		conf=$(info '"\([.slaves[]?.ifname] | join(" ")) \(.mode)"')
		created=$((created + 1))
		made+=" $every"
		whole "$conf" || { broken=$((broken + 1)); echo "# broken: $conf"; }
		[ "${conf##* }" = redundant ] && changed=$((changed + 1))
		# A link made under injection must bear use (no keys: no
		# reply to wait for).
		ip netns exec $NS ping -q -c 2 -i 0.01 -W 0.1 -I tquic0 10.99.0.2 \
			> /dev/null 2>&1
		ipn link del tquic0 || broken=$((broken + 1))
	else
		refused=$((refused + 1))
	fi
done
echo "# $ROUNDS rounds in $((SECONDS - start)) s: $created created ($changed changed), $refused refused, $stuck ip waiting for a lost netlink reply"
echo "# created when failing every Nth allocation, N =$made"
tq_check "some creations failed under injection" [ $refused -gt 0 ]
tq_check "some creations got through" [ $created -gt 0 ]
tq_check "some changes got through" [ $changed -gt 0 ]
tq_expect_eq "every link left behind was whole" 0 $broken
tq_expect_eq "no tquic links left" 0 "$(tq_count_tquic -n $NS)"
tq_check "creation works again once injection stops" \
	ipn link add tquic0 type tquic slaves w0 w1 peer 198.51.100.7 port 4433
tq_expect_eq "and shows what it was given" "w0 w1" "$(info '[.slaves[].ifname] | join(" ")')"
tq_ktap_finish
