#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# run_fuzz.sh N TARGET SECONDS [SEEDER]: fuzz one target for a bounded
# time and print TAP line N with its numbers; the fuzzer's log only on
# failure. SEEDER, if given, writes a starting corpus into its argument.
n=$1 target=$2 secs=$3 seeder=$4
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tquic-fuzz.XXXXXX") || exit 1
mkdir "$tmp/corpus" "$tmp/artifacts" || exit 1
if [ -n "$seeder" ] && ! "$seeder" "$tmp/corpus"; then
	echo "not ok $n - $target: seeding failed"
	rm -rf "$tmp"
	exit 1
fi
if "./$target" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$tmp/artifacts/" \
	"$tmp/corpus" >"$tmp/log" 2>&1; then
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/log")
	cov=$(grep -o 'DONE *cov: [0-9]* ft: [0-9]* corp: [^ ]*' "$tmp/log" |
		tail -n1 | tr -s ' ' | cut -d' ' -f2-)
	echo "ok $n - $target: $runs execs in ${secs}s, $cov"
	rm -rf "$tmp"
	exit 0
fi
tail -n 80 "$tmp/log" | sed 's/^/# /'
rm -rf "$tmp/corpus"
echo "not ok $n - $target: crash input in $tmp/artifacts"
exit 1
