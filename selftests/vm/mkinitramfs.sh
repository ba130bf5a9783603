#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Lay out the test VM's root file system in ROOT: the host's own binaries
# (with the libraries ldd names), KVER's modules the tests need, our module,
# plugin, tools and selftests.
# Usage: mkinitramfs.sh ROOT KVER TQUIC_KO MODROOT
# MODROOT holds lib/modules/KVER: / for an installed kernel.
set -euo pipefail
root=$1 kver=$2 ko=$3 modroot=$4
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

# Host binaries the tests and the init run; busybox fills in the rest. Its
# applets that run other commands (timeout, env) prefer its own applets to
# PATH, which would swap iproute2's ip for busybox's: use coreutils' ones.
BINS=(/usr/bin/bash /usr/sbin/ip /usr/sbin/tc /usr/bin/ss /usr/bin/kmod
      /usr/bin/jq /usr/bin/iperf3 /usr/sbin/ethtool /usr/sbin/nft
      /usr/bin/ping /usr/bin/timeout /usr/bin/env /usr/bin/wg
      /usr/bin/mptcpize)
KMOD_LINKS=(modprobe insmod rmmod lsmod modinfo depmod)

# Copy a file to the same place under $root, following symlinks, so that
# both the link's path and its target resolve inside the VM.
copy_file() {
	local src=$1 real
	real=$(realpath "$src")
	if [ ! -e "$root$real" ]; then
		mkdir -p "$root$(dirname "$real")"
		cp "$real" "$root$real"
	fi
	if [ "$src" != "$real" ] && [ ! -e "$root$src" ] && [ ! -L "$root$src" ]; then
		mkdir -p "$root$(dirname "$src")"
		ln -s "$real" "$root$src"
	fi
}

copy_libs() {
	local lib
	for lib in $(ldd "$1" | grep -o '/[^ ]*'); do
		copy_file "$lib"
	done
}

copy_bin() {
	copy_file "$1"
	copy_libs "$1"
}

# Debian 12 has merged /usr: keep the same shape so library paths agree.
mkdir -p "$root"/{usr/bin,usr/sbin,usr/lib,usr/lib64,proc,sys,dev,tmp,run,etc}
for d in bin sbin lib lib64; do ln -sfn "usr/$d" "$root/$d"; done

for b in "${BINS[@]}"; do copy_bin "$b"; done
# The library mptcpize preloads into the program it runs (bench/aggregation.sh).
for f in $(dpkg -L libmptcpwrap0 | grep '\.so'); do copy_file "$f"; done
for l in "${KMOD_LINKS[@]}"; do ln -sf ../bin/kmod "$root/usr/sbin/$l"; done
cp /usr/bin/busybox "$root/usr/bin/busybox"
for a in $(busybox --list); do
	[ -e "$root/usr/bin/$a" ] || [ -e "$root/usr/sbin/$a" ] ||
		ln -s busybox "$root/usr/bin/$a"
done
ln -sf bash "$root/usr/bin/sh"
echo 'root:x:0:0:root:/root:/bin/bash' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
[ -d /usr/share/iproute2 ] && mkdir -p "$root/usr/share" &&
	cp -r /usr/share/iproute2 "$root/usr/share/"

# Kernel modules: the listed ones, tquic's dependencies, and tquic itself.
src=$(realpath "$modroot/lib/modules/$kver")
dst=$root/usr/lib/modules/$kver
mods=$(grep -v '^#' "$here/modules")
mods="$mods $(modinfo -F depends "$ko" | tr ',' ' ')"
mkdir -p "$dst/extra"
cp "$src"/modules.builtin "$src"/modules.builtin.modinfo "$src"/modules.order "$dst/"
for m in $mods; do
	modprobe -d "$modroot" -S "$kver" --show-depends "$m" |
	awk '$1 == "insmod" {print $2}' |
	while read -r f; do
		f=$(realpath "$f")
		mkdir -p "$dst/$(dirname "${f#"$src"/}")"
		cp "$f" "$dst/${f#"$src"/}"
	done
done
cp "$ko" "$dst/extra/tquic.ko"
depmod -b "$root" -a "$kver"

# Our userspace and the tests.
opt=$root/opt/tquic
mkdir -p "$opt/bin" "$opt/lib/ip" "$opt/selftests"
cp "$top/iproute2-plugin/link_tquic.so" "$opt/lib/ip/"
for b in "$top/tools/keygen/tquic-keygen" "$top/tools/tquic/tquic" \
	 "$top/selftests/tools/tq_attack"; do
	copy_libs "$b"
	cp "$b" "$opt/bin/"
done
cp "$top"/selftests/*.sh "$top/selftests/settings" "$opt/selftests/"
mkdir -p "$opt/selftests/lib"
cp "$top"/selftests/lib/*.sh "$opt/selftests/lib/"
mkdir -p "$opt/bench"
cp "$top"/bench/*.sh "$opt/bench/"
cp "$here/init.sh" "$root/init"
chmod +x "$root/init"
