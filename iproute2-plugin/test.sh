#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of link_tquic.so inside the system's unmodified ip.
# Prints TAP version 13; exits 0 only if every test passes.
#
# The host kernel has no tquic, so a request that passes the plugin is
# answered with an error by the kernel; that answer (ip exits 2) is how a
# test knows the plugin let it through. test/nlshim.so, preloaded into ip,
# records what the plugin sent and feeds print_opt kernel-like dumps made
# by test/nltool.

set -u

here=$(cd "$(dirname "$0")" && pwd)
IP=${IP:-$(command -v ip || echo /usr/sbin/ip)}
DEV=tqtest0

echo "TAP version 13"
if ! make -s -C "$here" all >&2 || ! make -s -C "$here/test" all >&2; then
	echo "Bail out! build failed"
	exit 1
fi
if ! [ -x "$IP" ]; then
	echo "Bail out! no ip binary at $IP"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

export IP_LIB_DIR=$here
SHIM=$here/test/nlshim.so
NLTOOL=$here/test/nltool
LO_INDEX=$(cat /sys/class/net/lo/ifindex 2>/dev/null || echo 1)

# ip ARGS...: runs ip with the plugin, capturing requests to $tmp/sent.
# Sets $out, $err and $rc.
ipt()
{
	rm -f "$tmp/sent"
	out=$(TQUIC_NLCAPTURE=$tmp/sent LD_PRELOAD=$SHIM "$IP" "$@" \
	      2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
}

diag()
{
	printf '%s\n' "$@" | sed 's/^/# /'
}

diag_run()
{
	diag "exit code: $rc" "stdout:" "$out" "stderr:" "$err"
}

# Nothing may reach the kernel when the plugin rejects the input.
nothing_sent()
{
	if [ -s "$tmp/sent" ]; then
		diag "a request reached the kernel:" \
		     "$("$NLTOOL" show "$tmp/sent")"
		return 1
	fi
}

# Messages only the plugin, or ip's helpers on its behalf, print.
PLUGIN_ERRORS='^Error: argument|^Error: duplicate|^tquic:|^Usage:|Command line is not complete'

# expect_error LINE ARGS...: "ip link add" with ARGS fails in the plugin,
# with LINE as one whole line of stderr.
expect_error()
{
	local line=$1

	shift
	ipt link add "$DEV" type tquic "$@"
	if [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] ||
	   ! grep -qxF -- "$line" <<<"$err"; then
		diag "expected: $line"
		diag_run
		return 1
	fi
	nothing_sent
}

# expect_kernel ARGS...: "ip link" with ARGS passes the plugin and gets
# the kernel's answer (ip's exit code 2 is "the kernel said no").
expect_kernel()
{
	ipt link "$@"
	if [ "$rc" -ne 2 ] || grep -qE "$PLUGIN_ERRORS" <<<"$err" ||
	   ! [ -s "$tmp/sent" ]; then
		diag "expected a kernel answer"
		diag_run
		return 1
	fi
}

# expect_sent LINE ARGS...: as expect_kernel, and the request's
# IFLA_INFO_DATA decodes (see test/nltool.c) to LINE.
expect_sent()
{
	local line=$1 got

	shift
	expect_kernel "$@" || return 1
	got=$("$NLTOOL" show "$tmp/sent")
	if [ "$got" != "$line" ]; then
		diag "expected: $line" "got:      $got"
		return 1
	fi
}

same()
{
	if [ "$2" != "$3" ]; then
		diag "$1" "expected: $2" "got:      $3"
		return 1
	fi
}

test_symbols()
{
	local missing

	if ! nm -D --defined-only "$here/link_tquic.so" |
	     grep -q ' D tquic_link_util$'; then
		diag "tquic_link_util is not exported as data"
		return 1
	fi
	# Unversioned undefined symbols are the ones ip has to provide.
	missing=$(comm -23 \
		<(nm -D --undefined-only "$here/link_tquic.so" |
		  awk '$2 !~ /@/ && $1 == "U" { print $2 }' | sort -u) \
		<(nm -D --defined-only "$IP" | awk '{ print $3 }' | sort -u))
	if [ -n "$missing" ]; then
		diag "not exported by $IP:" "$missing"
		return 1
	fi
}

test_help()
{
	local word

	ipt link help tquic
	[ "$rc" -eq 0 ] || { diag_run; return 1; }
	for word in slaves DEV peer ADDR port PORT listen mode \
		    aggregate active-backup redundant; do
		if ! grep -qw -- "$word" <<<"$out"; then
			diag "help does not mention $word"
			diag_run
			return 1
		fi
	done
}

test_help_keyword()
{
	ipt link add "$DEV" type tquic slaves lo help
	if [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] ||
	   ! grep -q '^Usage: \.\.\. tquic slaves' <<<"$err"; then
		diag_run
		return 1
	fi
	nothing_sent
}

test_unknown_option()
{
	expect_error 'tquic: unknown option "bogus"?' \
		peer 127.0.0.2 bogus slaves lo || return 1
	grep -q '^Usage: \.\.\. tquic' <<<"$err" ||
		{ diag "no usage after the error"; return 1; }
}

test_slave_count()
{
	local got

	expect_kernel add "$DEV" type tquic slaves lo lo lo lo lo lo lo lo lo \
		listen 4433 || return 1
	got=$("$NLTOOL" show "$tmp/sent" | grep -o 'entry+' | wc -l)
	same "all nine slaves go to the kernel" 9 "$got"
}

test_text_output()
{
	"$NLTOOL" dump "$tmp/dump" || return 1
	out=$("$IP" -d monitor file "$tmp/dump" 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
	[ "$rc" -eq 0 ] || { diag_run; return 1; }
	same "text" \
"    tquic slaves wan0 wan1 peer 192.0.2.2 port 4433 mode aggregate 
    tquic slaves wan1 peer 2001:db8::2 listen 8443 mode 200 
    tquic " \
		"$(grep '^    tquic' <<<"$out")"
}

# json_link NAME: the JSON object ip printed for link NAME, from $out.
json_link()
{
	# shellcheck disable=SC2001 # a newline in the replacement
	sed 's/},{"ifindex":/}\n{"ifindex":/g' <<<"$out" |
		grep -F "\"ifname\":\"$1\","
}

test_json_output()
{
	local name want

	"$NLTOOL" dump "$tmp/dump" || return 1
	out=$(TQUIC_NLINJECT=$tmp/dump LD_PRELOAD=$SHIM \
	      "$IP" -j -d link show 2>/dev/null)
	while read -r name want; do
		want="\"linkinfo\":{\"info_kind\":\"tquic\",\"info_data\":$want}"
		if ! json_link "$name" | grep -qF -- "$want"; then
			diag "$name: expected $want" "got: $(json_link "$name")"
			return 1
		fi
	done <<'EOT'
tq-client {"slaves":[{"ifname":"wan0","ifindex":9001,"oper_up":true},{"ifname":"wan1","ifindex":9002,"oper_up":false}],"peer":"192.0.2.2","port":4433,"mode":"aggregate"}
tq-server {"slaves":[{"ifname":"wan1","ifindex":9002}],"peer":"2001:db8::2","listen":8443,"mode":200}
tq-bare {}
EOT
}

# The text a link prints, given back to ip, asks for the same link.
test_round_trip()
{
	local args="slaves lo lo peer 127.0.0.2 port 0 listen 4433 mode active-backup"
	local text

	# shellcheck disable=SC2086
	expect_kernel add "$DEV" type tquic $args || return 1
	text=$("$IP" -d monitor file "$tmp/sent" 2>/dev/null |
	       sed -n 's/^    tquic //p')
	same "printed back" "$args " "$text"
}

test_install()
{
	local lib

	make -s -C "$here" install DESTDIR="$tmp/root" >&2 || return 1
	lib=$(find "$tmp/root" -name link_tquic.so)
	case "$lib" in
	"$tmp"/root/usr/lib/*/ip/link_tquic.so) ;;
	*) diag "installed as: ${lib:-nothing}"; return 1 ;;
	esac
	cmp -s "$lib" "$here/link_tquic.so"
}

names=()
cmds=()
t()
{
	names+=("$1")
	shift
	cmds+=("$(printf '%q ' "$@")")
}

t "plugin needs only symbols ip exports" test_symbols
t "ip link help tquic lists every keyword" test_help
t "help keyword prints usage and fails" test_help_keyword
t "unknown option is named, usage follows" test_unknown_option
t "unknown slave device" expect_error \
	'Error: argument "nosuchdev" is wrong: slave device does not exist' \
	slaves nosuchdev
t "unknown slave after a good one" expect_error \
	'Error: argument "nosuchdev" is wrong: slave device does not exist' \
	slaves lo nosuchdev peer 127.0.0.2
t "slaves at the end with no device" expect_error \
	'Command line is not complete. Try option "help"' \
	peer 127.0.0.2 slaves
t "slaves followed by a keyword" expect_error \
	'Error: argument "slave device" is required' \
	slaves peer 127.0.0.2
t "bad peer address" expect_error \
	'Error: argument "bad" is wrong: invalid peer address' \
	slaves lo peer bad
t "peer address out of range" expect_error \
	'Error: argument "10.0.0.256" is wrong: invalid peer address' \
	slaves lo peer 10.0.0.256
t "peer needs a value" expect_error \
	'Command line is not complete. Try option "help"' \
	slaves lo peer
t "port above 65535" expect_error \
	'Error: argument "65536" is wrong: invalid port' \
	slaves lo peer 127.0.0.2 port 65536
t "port not a number" expect_error \
	'Error: argument "44x" is wrong: invalid port' \
	slaves lo peer 127.0.0.2 port 44x
t "negative port" expect_error \
	'Error: argument "-1" is wrong: invalid port' \
	slaves lo peer 127.0.0.2 port -1
t "listen port above 65535" expect_error \
	'Error: argument "70000" is wrong: invalid listen port' \
	slaves lo listen 70000
t "unknown mode" expect_error \
	'Error: argument "fast" is wrong: unknown mode, expected aggregate, active-backup or redundant' \
	slaves lo listen 4433 mode fast
t "repeated keyword" expect_error \
	'Error: duplicate "peer": "::1" is the second value.' \
	slaves lo peer 127.0.0.2 peer ::1
t "valid add reaches the kernel" expect_kernel \
	add "$DEV" type tquic slaves lo peer 127.0.0.2 port 4433 mode aggregate
t "add encodes slaves, IPv4 peer, ports, mode" expect_sent \
	"kind=tquic data{ slaves+{ entry+{ ifindex=$LO_INDEX } } peer4=127.0.0.2 port=4433 listen=0 mode=1 }" \
	add "$DEV" type tquic slaves lo peer 127.0.0.2 port 4433 listen 0 \
	mode active-backup
t "set encodes IPv6 peer and mode alone" expect_sent \
	"kind=tquic data{ peer6=::1 mode=2 }" \
	set lo type tquic peer ::1 mode redundant
t "set encodes a new slave list" expect_sent \
	"kind=tquic data{ slaves+{ entry+{ ifindex=$LO_INDEX } } listen=65535 mode=0 }" \
	set lo type tquic slaves lo listen 65535 mode aggregate
t "duplicate and surplus slaves all go to the kernel" test_slave_count
t "text output of kernel-style dumps" test_text_output
t "JSON output of kernel-style dumps" test_json_output
t "printed text parses back to the same request" test_round_trip
t "make install puts the plugin in ip's lib dir" test_install

echo "1..${#names[@]}"
pass=0
fail=0
for i in "${!names[@]}"; do
	if eval "${cmds[i]}"; then
		echo "ok $((i + 1)) - ${names[i]}"
		pass=$((pass + 1))
	else
		echo "not ok $((i + 1)) - ${names[i]}"
		fail=$((fail + 1))
	fi
done
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
