#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PID 1 of the test VM. The kernel log goes to ttyS0; the TAP stream of the
# tests goes to ttyS1, so kernel messages never split a result line.
export PATH=/opt/tquic/bin:/usr/sbin:/usr/bin
export IP_LIB_DIR=/opt/tquic/lib/ip
export HOME=/root TMPDIR=/tmp
# A bench that runs on the host too (bench/soak.sh) knows it is here.
export TQUIC_VM=1

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /root /run/netns /var && ln -s /run /var/run
# What udev would add to /dev; bash's <(...) needs /dev/fd.
ln -s /proc/self/fd /dev/fd
ln -s fd/0 /dev/stdin && ln -s fd/1 /dev/stdout && ln -s fd/2 /dev/stderr
ip link set lo up
# RPS on from the start, for good (lo's map is never removed): tests that
# give each end a CPU of its own (tq_mp_own_cpus in selftests/lib/mp.sh)
# then never switch the kernel's rps_needed static key at run time. Its
# code patching under traffic sometimes faults in TCG ("Oops: int3" in
# netif_rx_internal).
echo 1 > /sys/class/net/lo/queues/rx-0/rps_cpus
# The same for receive timestamps, the netstamp_needed_key static key, also
# tested at the top of netif_rx_internal: the first socket that asks for
# them (ping's SO_TIMESTAMP, a capture) switches it on, the last to close
# switches it off, and a 6.12 run faulted there once, in failover_link.sh.
# A ping that sleeps an hour between its echoes holds it on from now on.
ping -q -i 3600 127.0.0.1 > /dev/null 2>&1 &
exec 3>/dev/ttyS1
# What udev does at boot on a real machine: load the modules the CPU's
# features call for (aesni_intel: the crypto API then picks AES-NI over the
# generic C AES). Those of them in the VM are listed in ./modules.
modprobe -q -a "$(cat /sys/devices/system/cpu/modalias)"

# tquic_tests=..., tquic_timeout=..., tquic_debug=1, tquic_capture=DEV
# (where tq_capture_export in selftests/lib/tunnel.sh sends pcaps for the
# host) and tquic_env=NAME=VALUE (the host's BENCH_* and SOAK_* variables,
# vm/run.sh) come from the kernel command line.
debug=0
for arg in $(cat /proc/cmdline); do
	case $arg in
	tquic_tests=*) tests=${arg#*=} ;;
	tquic_timeout=*) timeout=${arg#*=} ;;
	tquic_debug=*) debug=${arg#*=} ;;
	tquic_capture=*) export TQUIC_CAPTURE_DEV=${arg#*=} ;;
	tquic_env=*) export "${arg#tquic_env=}" ;;
	esac
done
IFS=, read -r -a tests <<< "$tests"
# Tests report rather than assert throughput on the debug kernel
# (tq_check_rate in selftests/lib/goodput.sh).
[ "$debug" = 1 ] && export TQUIC_DEBUG_KERNEL=1
kmemleak=/sys/kernel/debug/kmemleak

# Kernel log patterns that fail a run whatever the tests said.
splats='BUG:|WARNING:|Oops|KASAN|UBSAN|kernel BUG|possible circular locking'
splats+='|inconsistent lock state|suspicious RCU usage|unreferenced object'
splats+='|unregister_netdevice: waiting|Call Trace'
# A bench of hours checks the log itself too (bench/soak.sh).
export TQUIC_SPLATS=$splats

n=0
result() {
	local verdict=$1
	shift
	n=$((n + 1))
	echo "$verdict $n selftests: tquic: $*" >&3
}

prefix() {
	local line
	while IFS= read -r line; do printf '# %s\n' "$line"; done
}

run_test() {
	local t=$1 rc
	# A name with a directory (bench/...) is relative to /opt/tquic.
	if [[ $t == */* ]]; then
		cd /opt/tquic || return 1
	else
		cd /opt/tquic/selftests || return 1
	fi
	local start=$SECONDS
	timeout -s KILL "$timeout" bash "./$t" > /tmp/out 2>&1
	rc=$?
	prefix < /tmp/out >&3
	# The whole run must fit its budget: each test's share is on record.
	echo "# $t took $((SECONDS - start)) s" >&3
	case $rc in
	0) result ok "$t" ;;
	4) result ok "$t # SKIP" ;;
	137) result "not ok" "$t # TIMEOUT ${timeout}s" ;;
	*) result "not ok" "$t # exit=$rc" ;;
	esac
}

# KUnit suites built into tquic.ko run when it loads and report KTAP to the
# kernel log: each case there becomes one result here.
kunit_results() {
	local line suite='' found=0 re='^    (not ok|ok) [0-9]+ ([^ #]+)(.*)'
	while IFS= read -r line; do
		line=${line#\[*\] }
		case $line in
		"    # Subtest: "*) suite=${line#    # Subtest: } ;;
		esac
		if [[ $line =~ $re ]]; then
			found=1
			result "${BASH_REMATCH[1]}" "kunit: $suite.${BASH_REMATCH[2]}${BASH_REMATCH[3]}"
		fi
	done < <(dmesg)
	if [ $found = 0 ]; then
		dmesg | grep -i -m 20 kunit | prefix >&3
		result "not ok" "kunit # no KUnit results in the kernel log"
	fi
}

# Leaks are judged over what the tests did: forget boot-time suspects.
kmemleak_baseline() {
	[ -e $kmemleak ] || return 0
	echo scan > $kmemleak
	echo clear > $kmemleak
}

kmemleak_check() {
	# Two scans: an object seen unreferenced twice is no transient.
	echo scan > $kmemleak
	echo scan > $kmemleak
	if [ -s $kmemleak ]; then
		prefix < $kmemleak >&3
		result "not ok" kmemleak_clean
	else
		result ok kmemleak_clean
	fi
}

{
	echo "TAP version 13"
	echo "# kernel $(uname -r)"
} >&3
kmemleak_baseline
if modprobe tquic; then result ok module_load; else result "not ok" module_load; fi
[ "$debug" = 1 ] && kunit_results
for t in "${tests[@]}"; do
	run_test "$t"
done
if [ "$debug" = 1 ]; then
	modprobe -r tquic
	kmemleak_check
fi
# With the lines around each match: a bare "Call Trace:" names nothing.
if dmesg | grep -E -B 4 -A 16 "$splats" > /tmp/splats; then
	prefix < /tmp/splats >&3
	result "not ok" kernel_log_clean
else
	result ok kernel_log_clean
fi
echo "1..$n" >&3
echo "# TQUIC-VM-END" >&3
sync
# Without ACPI a debug kernel cannot power off; qemu -no-reboot exits on reset.
reboot -f
