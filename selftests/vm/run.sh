#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel under qemu (TCG), run the given selftests in it, print TAP.
# Usage: run.sh KVER TQUIC_KO KIMAGE MODROOT SLOWDOWN TEST...
#   MODROOT  holds lib/modules/KVER (/ for an installed kernel)
#   SLOWDOWN multiplies the per-test timeout (a debug kernel is slower)
# Environment: TQUIC_TEST_TIMEOUT replaces selftests/settings' timeout
# (seconds per test, before SLOWDOWN), for a bench that runs as long as it
# is told (bench/soak.sh); the variables BENCH_* and SOAK_* reach the
# tests in the VM (values of letters, digits and ._:- only).
# Exit 0 only when the VM finished and its kernel log is clean; the per-test
# verdicts are in the TAP lines.
set -euo pipefail
kver=$1 ko=$2 kimage=$3 modroot=$4 slowdown=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
per_test=$(( ${TQUIC_TEST_TIMEOUT:-$(sed -n 's/^timeout=//p' "$here/../settings")} * slowdown ))
# Boot and module load take seconds; a whole-VM bound catches a hung kernel.
vm_timeout=$((per_test * $# + 120))

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tquic-vm.XXXXXX")
qemu_pid=
cleanup() {
	[ -n "$qemu_pid" ] && kill -9 "$qemu_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$here/mkinitramfs.sh" "$tmp/root" "$kver" "$ko" "$modroot"
(cd "$tmp/root" && find . | cpio -o -H newc --quiet) > "$tmp/initramfs.cpio"
rm -rf "$tmp/root"

tests=$(IFS=,; echo "$*")
cmdline="console=ttyS0 rdinit=/init panic=-1 oops=panic panic_on_warn=1"
cmdline+=" quiet loglevel=4 tquic_tests=$tests tquic_timeout=$per_test"
# The kernel command line carries them: no spaces in a value.
for v in $(compgen -e | grep -E '^(BENCH|SOAK)_'); do
	[[ ${!v} =~ ^[A-Za-z0-9._:-]*$ ]] ||
		{ echo "run.sh: $v='${!v}': only letters, digits and ._:- reach the VM" >&2; exit 2; }
	cmdline+=" tquic_env=$v=${!v}"
done
# A third serial port carries packet captures out for the host's tshark.
cmdline+=" tquic_capture=/dev/ttyS2"
# The debug kernel has KUnit but, from allnoconfig, boots with it off.
[ "$slowdown" -gt 1 ] && cmdline+=" tquic_debug=1 kunit.enable=1"

# boot: one run of the VM, its TAP streamed as it comes, until qemu exits
# or the bound runs out.
boot() {
	: > "$tmp/tap"
	qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 2048 -nodefaults \
		-display none -no-reboot -nic none \
		-kernel "$kimage" -initrd "$tmp/initramfs.cpio" \
		-append "$cmdline" \
		-serial "file:$tmp/console" -serial "file:$tmp/tap" \
		-serial "file:$tmp/captures" </dev/null &
	qemu_pid=$!
	deadline=$((SECONDS + vm_timeout))
	tail -n +1 -f --pid="$qemu_pid" "$tmp/tap" &
	tail_pid=$!
	while kill -0 "$qemu_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
		sleep 1
	done
	timed_out=0
	if kill -0 "$qemu_pid" 2>/dev/null; then
		timed_out=1
		kill -9 "$qemu_pid"
	fi
	wait "$qemu_pid" 2>/dev/null || true
	qemu_pid=
	wait "$tail_pid" 2>/dev/null || true
}

boot
# A kernel that died before our init wrote a line ran nothing of ours
# (the module loads from init): under TCG an Oops: int3 at boot, while
# the kernel patches its own code, happens now and then. One more boot,
# with the first one's end on record.
if [ $timed_out = 0 ] && [ ! -s "$tmp/tap" ] &&
   grep -q 'Kernel panic' "$tmp/console"; then
	echo "# VM ($kver) died before its init ran; booting it again. Its console ended:"
	tail -n 12 "$tmp/console" | sed 's/^/# /'
	boot
fi

# check_captures: each capture a test sent out (tq_capture_export in
# selftests/lib/tunnel.sh) is one more result: tshark must dissect every
# packet of it as QUIC.
check_captures() {
	local name port n=0 line
	local re='^TQUIC-PCAP-BEGIN ([A-Za-z0-9_.-]+) ([0-9]+)$'
	tr -d '\r' < "$tmp/captures" > "$tmp/captures.txt"
	grep -q '^TQUIC-PCAP-BEGIN ' "$tmp/captures.txt" || return 0
	echo "TAP version 13"
	echo "# captures of the $kver VM, checked by tshark on the host"
	while IFS= read -r line; do
		[[ $line =~ $re ]] || continue
		name=${BASH_REMATCH[1]} port=${BASH_REMATCH[2]}
		n=$((n + 1))
		if awk -v name="$name" '
			$0 == "TQUIC-PCAP-END " name { found = 1; exit }
			on { print }
			$1 == "TQUIC-PCAP-BEGIN" && $2 == name { on = 1 }
			END { exit !found }' "$tmp/captures.txt" > "$tmp/$name.b64" &&
		   base64 -d "$tmp/$name.b64" > "$tmp/$name.pcap" 2>/dev/null &&
		   "$here/../tools/check_capture.sh" "$tmp/$name.pcap" "$port"; then
			echo "ok $n tshark: $name capture dissects as QUIC"
		else
			echo "not ok $n tshark: $name capture dissects as QUIC"
		fi
	done < "$tmp/captures.txt"
	echo "1..$n"
}
check_captures

ok=1
if ! grep -q '^# TQUIC-VM-END' "$tmp/tap"; then
	ok=0
	[ $timed_out = 1 ] && why="did not finish in ${vm_timeout}s" || why="stopped early"
	echo "# VM ($kver) $why; end of its console:"
	tail -n 40 "$tmp/console" | sed 's/^/# /'
fi
splat='Kernel panic|BUG:|WARNING:|Oops|KASAN|UBSAN|circular locking'
if grep -E "$splat" "$tmp/console" > "$tmp/splat"; then
	ok=0
	# The first report whole (its call trace names the code at fault):
	# the end of the console above often starts in the middle of it.
	first=$(grep -n -m 1 -E "$splat" "$tmp/console" | cut -d: -f1)
	echo "# kernel log of $kver, from its first report:"
	sed -n "$((first > 3 ? first - 3 : 1)),$((first + 80))p" "$tmp/console" |
		sed 's/^/# /'
	echo "# kernel log of $kver shows:"
	sed 's/^/# /' "$tmp/splat"
fi
[ $ok = 1 ]
