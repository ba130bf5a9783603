#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build (once) the debug test kernel: allnoconfig of Debian's
# linux-source-6.12 plus selftests/vm/debug.config. Cached outside the tree
# by the hash of the fragment and the source version, so every run on this
# machine after the first reuses it.
# Prints the cache directory: it holds bzImage, kernelrelease, build/ (for
# module builds, O= tree), mods/lib/modules/<release>/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

frag=selftests/vm/debug.config
[ -n "$LINUX_SOURCE_TAR" ] || { echo "linux-source-6.12 missing; run scripts/deps.sh" >&2; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
key=$( { cat "$frag"; echo "$srcver"; } | sha256sum | cut -c1-16)
dir=$TQUIC_CACHE/debug-kernel/$key
if [ -f "$dir/done" ]; then
	echo "$dir"
	exit 0
fi

rm -rf "$dir" && mkdir -p "$dir"
log=$dir/build.log
{
	echo "building debug kernel $key from linux-source $srcver"
	mkdir -p "$dir/src"
	tar -xf "$LINUX_SOURCE_TAR" -C "$dir/src" --strip-components=1
	KCONFIG_ALLCONFIG=$PWD/$frag make -C "$dir/src" O="$dir/build" allnoconfig
	# Every option of the fragment must have survived its dependencies.
	missing=0
	while IFS= read -r line; do
		case $line in CONFIG_*) ;; *) continue ;; esac
		grep -qxF -- "$line" "$dir/build/.config" ||
			{ echo "debug.config: $line did not stick"; missing=1; }
	done < "$frag"
	[ $missing = 0 ]
	make -C "$dir/build" -j"$(($(nproc) + 1))" bzImage modules
	make -C "$dir/build" -s INSTALL_MOD_PATH="$dir/mods" modules_install
	make -C "$dir/build" -s kernelrelease > "$dir/kernelrelease"
	cp "$dir/build/arch/x86/boot/bzImage" "$dir/bzImage"
} > "$log" 2>&1 || { echo "debug kernel build failed; see $log:" >&2; tail -n 30 "$log" >&2; exit 1; }
touch "$dir/done"
echo "$dir"
