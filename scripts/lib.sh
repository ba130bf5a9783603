# SPDX-License-Identifier: GPL-2.0
# Shared by the host-side scripts.

TQUIC_CACHE=${TQUIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tquic}

# The kernel sources checkpatch and the debug kernel come from.
LINUX_SOURCE_TAR=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)

# Test kernels, in the order they run: Debian 6.1, then 6.12.
test_kernels() {
	local k
	for k in /lib/modules/6.1.0-*-amd64 /lib/modules/6.12.*-amd64; do
		[ -d "$k/build" ] && [ -f "/boot/vmlinuz-${k##*/}" ] && echo "${k##*/}"
	done | sort -V
}
