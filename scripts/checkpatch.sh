#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch --strict over our kernel sources, with checkpatch.pl taken from
# Debian's linux-source-6.12 (the headers packages do not ship it).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

dir=$TQUIC_CACHE/checkpatch
if [ ! -x "$dir/scripts/checkpatch.pl" ]; then
	[ -n "$LINUX_SOURCE_TAR" ] || { echo "linux-source-6.12 missing; run scripts/deps.sh" >&2; exit 1; }
	top=$(basename "$LINUX_SOURCE_TAR"); top=${top%%.tar.*}
	mkdir -p "$dir.tmp"
	tar -xf "$LINUX_SOURCE_TAR" -C "$dir.tmp" --strip-components=1 \
		"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch"
	rm -rf "$dir" && mv "$dir.tmp" "$dir"
fi
exec "$dir/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
	--ignore FILE_PATH_CHANGES -f drivers/net/tquic/*.[ch] drivers/net/tquic/core/*.[ch] include/uapi/linux/tquic.h
