#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PID 1 of the test VM. The kernel log goes to ttyS0; the TAP stream of the
# tests goes to ttyS1, so kernel messages never split a result line.
export PATH=/opt/tquic/bin:/usr/sbin:/usr/bin
export IP_LIB_DIR=/opt/tquic/lib/ip
export HOME=/root TMPDIR=/tmp

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /root /run/netns /var && ln -s /run /var/run
ip link set lo up
exec 3>/dev/ttyS1

# tquic_tests=... and tquic_timeout=... come from the kernel command line.
for arg in $(cat /proc/cmdline); do
	case $arg in
	tquic_tests=*) tests=${arg#*=} ;;
	tquic_timeout=*) timeout=${arg#*=} ;;
	esac
done
IFS=, read -r -a tests <<< "$tests"

# Kernel log patterns that fail a run whatever the tests said.
splats='BUG:|WARNING:|Oops|KASAN|UBSAN|kernel BUG|possible circular locking'
splats+='|inconsistent lock state|suspicious RCU usage|unreferenced object'
splats+='|unregister_netdevice: waiting|Call Trace'

prefix() {
	local line
	while IFS= read -r line; do printf '# %s\n' "$line"; done
}

run_test() {
	local n=$1 t=$2 rc
	cd /opt/tquic/selftests || return 1
	timeout -s KILL "$timeout" bash "./$t" > /tmp/out 2>&1
	rc=$?
	prefix < /tmp/out >&3
	case $rc in
	0) echo "ok $n selftests: tquic: $t" >&3 ;;
	4) echo "ok $n selftests: tquic: $t # SKIP" >&3 ;;
	137) echo "not ok $n selftests: tquic: $t # TIMEOUT ${timeout}s" >&3 ;;
	*) echo "not ok $n selftests: tquic: $t # exit=$rc" >&3 ;;
	esac
}

{
	echo "TAP version 13"
	echo "# kernel $(uname -r)"
	echo "1..$((${#tests[@]} + 2))"
} >&3
if modprobe tquic; then
	echo "ok 1 selftests: tquic: module_load" >&3
else
	echo "not ok 1 selftests: tquic: module_load" >&3
fi
n=1
for t in "${tests[@]}"; do
	n=$((n + 1))
	run_test "$n" "$t"
done

n=$((n + 1))
if dmesg | grep -E "$splats" > /tmp/splats; then
	prefix < /tmp/splats >&3
	echo "not ok $n selftests: tquic: kernel_log_clean" >&3
else
	echo "ok $n selftests: tquic: kernel_log_clean" >&3
fi
echo "# TQUIC-VM-END" >&3
sync
poweroff -f
