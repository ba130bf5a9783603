# SPDX-License-Identifier: GPL-2.0
# Shared by the host-side scripts.

TQUIC_CACHE=${TQUIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tquic}

# The kernel sources checkpatch and the debug kernel come from.
LINUX_SOURCE_TAR=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)

# Test kernels, in the order they run: Debian 6.1, Debian 6.12, and
# "debug", the KASAN/lockdep/kmemleak kernel scripts/debug-kernel.sh builds.
test_kernels() {
	local k
	for k in /lib/modules/6.1.0-*-amd64 /lib/modules/6.12.*-amd64; do
		[ -d "$k/build" ] && [ -f "/boot/vmlinuz-${k##*/}" ] && echo "${k##*/}"
	done | sort -V
	echo debug
}

# kernel_env NAME: what building for and booting test kernel NAME takes.
# Sets KVER (release), KDIR (module build tree), KIMAGE (bzImage),
# MODROOT (where lib/modules/KVER lives) and KDEBUG (1 for the debug one).
kernel_env() {
	local dir
	if [ "$1" = debug ]; then
		dir=$(scripts/debug-kernel.sh) || return 1
		KVER=$(cat "$dir/kernelrelease")
		KDIR=$dir/build KIMAGE=$dir/bzImage MODROOT=$dir/mods KDEBUG=1
	else
		KVER=$1 KDIR=/lib/modules/$1/build KIMAGE=/boot/vmlinuz-$1
		MODROOT=/ KDEBUG=0
	fi
}
