#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install everything tquic's build and tests use, on Debian 12 (bookworm).
# Idempotent: when every package is already present it only checks and exits.
set -euo pipefail

die() { echo "deps.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (apt-get)"
[ -r /etc/debian_version ] || die "needs Debian 12"

BPO_LIST=/etc/apt/sources.list.d/tquic-bookworm-backports.sources
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# Base packages: build, VM, and the host binaries copied into the test initramfs.
PKGS=(build-essential bc bison flex libelf-dev libssl-dev pkg-config
      kmod cpio xz-utils zstd busybox-static qemu-system-x86
      libnl-3-dev libnl-genl-3-dev iproute2 iperf3 ethtool nftables
      sparse jq procps iputils-ping util-linux dkms linux-source-6.12
      clang libclang-rt-14-dev tshark wireguard-tools mptcpize)

have_all() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || return 1
	done
}

# The two test kernels: the newest 6.1 of bookworm and the 6.12 of
# bookworm-backports, named by what their linux-image-amd64 meta package pulls.
kernel_pkgs() {
	local v dep k61="" k612=""
	for v in $(apt-cache madison linux-image-amd64 | awk '{print $3}'); do
		dep=$(apt-cache show "linux-image-amd64=$v" |
		      sed -n 's/^Depends: \(linux-image-[^ ,]*\).*/\1/p' | head -n1)
		case "$dep" in
		linux-image-6.1.0-*)	[ -n "$k61" ] || k61=$dep ;;
		linux-image-6.12.*)	[ -n "$k612" ] || k612=$dep ;;
		esac
	done
	[ -n "$k61" ] && [ -n "$k612" ] || return 1
	echo "$k61 ${k61/image/headers} $k612 ${k612/image/headers}"
}

installed_kernels() {
	ls -d /lib/modules/6.1.0-*-amd64/build /lib/modules/6.12.*-amd64/build \
		2>/dev/null | wc -l
}

if have_all "${PKGS[@]}" && [ "$(installed_kernels)" -ge 2 ] && [ -f "$BPO_LIST" ]; then
	exit 0
fi

if [ ! -f "$BPO_LIST" ]; then
	[ -r "$KEYRING" ] || die "missing $KEYRING (package debian-archive-keyring)"
	cat > "$BPO_LIST" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: $KEYRING
SRC
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
KPKGS=$(kernel_pkgs) || die "cannot find the 6.1 and 6.12 kernel packages in apt"
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends "${PKGS[@]}" $KPKGS >/dev/null
[ "$(installed_kernels)" -ge 2 ] || die "kernel headers missing after install"
echo "deps.sh: all build and test dependencies installed"
