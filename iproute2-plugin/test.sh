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
# by test/nltool. Keys come from the tree's own tquic-keygen.

set -u

here=$(cd "$(dirname "$0")" && pwd)
IP=${IP:-$(command -v ip || echo /usr/sbin/ip)}
DEV=tqtest0

echo "TAP version 13"
KEYGEN=$here/../tools/keygen/tquic-keygen
if ! make -s -C "$here" all >&2 || ! make -s -C "$here/test" all >&2 ||
   ! make -s -C "$here/../tools/keygen" tquic-keygen >&2; then
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
PLUGIN_ERRORS='^Error: argument|^Error: duplicate|^tquic:|^Usage:|Command line is not complete|^Warning:'

# Keys with bytes the tests know: 0x00..0x1f, and 0x20 times 32.
KEY_HEX=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
KEY_B64=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
PSK_HEX=2020202020202020202020202020202020202020202020202020202020202020
PSK_B64=ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICA=

# key_file NAME TEXT [MODE]: a key file in $tmp holding TEXT exactly.
key_file()
{
	printf '%s' "$2" >"$tmp/$1"
	chmod "${3:-600}" "$tmp/$1"
}

hex_of_b64()
{
	base64 -d <<<"$1" | od -An -tx1 | tr -d ' \n'
}

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
	for word in slaves SLAVE DEV weight WEIGHT backup peer ADDR port \
		    PORT listen mode aggregate active-backup redundant \
		    reorder-timeout MS private-key FILE peer-key KEY psk \
		    cipher aes-128-gcm chacha20-poly1305 keepalive \
		    rekey-time SECS rekey; do
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
"    tquic slaves wan0 weight 250 wan1 backup peer 192.0.2.2 port 4433 mode aggregate public-key $KEY_B64 peer-key //79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA= psk on cipher chacha20-poly1305 keepalive 25 rekey-time 120 reorder-timeout 200 
    tquic slaves wan1 peer 2001:db8::2 listen 8443 mode 200 cipher 100 keepalive 0 rekey-time 5 reorder-timeout 0 
    tquic " \
		"$(grep '^    tquic' <<<"$out")"
}

# ip -s adds a block of statistics after the options, then a line per
# path (see paths() in test/nltool.c for the numbers).
test_xstats_text()
{
	local c=1099511627

	"$NLTOOL" dump "$tmp/dump" || return 1
	out=$("$IP" -s -d monitor file "$tmp/dump" 2>"$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
	[ "$rc" -eq 0 ] || { diag_run; return 1; }
	same "statistics" \
"    session established key-phase 1 srtt 12345us rttvar 678us
    rx dropped: malformed ${c}778 unknown-cid ${c}779 auth-failed ${c}780 replayed ${c}781 bad-inner ${c}782
    handshake: rx-invalid ${c}783 rx-replayed ${c}784 rx-dropped ${c}785 rx-ratelimited ${c}806 cookies-sent ${c}786 initiations-sent ${c}787 completed ${c}788
    tx: no-session ${c}789 no-route ${c}790 too-big ${c}791 errors ${c}792 keepalives-sent ${c}793 acks-sent ${c}794 acks-received ${c}795
    multipath: no-path ${c}796 retransmitted ${c}797 path-failures ${c}798 duplicates ${c}799 migrations ${c}804 amp-limited ${c}805
    reorder: held ${c}800 late ${c}801 dropped ${c}802 timeouts ${c}803
    keys: rekeys-at-limit ${c}807 tx-key-limit ${c}808 forged-out ${c}809 crypto-missing ${c}810
    path 0 dev wan0 state active srtt 6us rttvar 7us cwnd ${c}784 inflight ${c}785 tx ${c}786/${c}787 rx ${c}788/${c}789 lost ${c}790 retrans ${c}791 failures ${c}792
    path 1 dev wan1 state failed backup srtt 1006us rttvar 1007us cwnd $((c + 1))784 inflight $((c + 1))785 tx $((c + 1))786/$((c + 1))787 rx $((c + 1))788/$((c + 1))789 lost $((c + 1))790 retrans $((c + 1))791 failures $((c + 1))792
    session 9
    rx dropped: malformed 3
    path 7 dev - state 42 lost 5" \
		"$(grep -E '^    (session|rx|handshake|tx|multipath|reorder|keys|path)' <<<"$out")"
}

test_xstats_json()
{
	"$NLTOOL" dump "$tmp/dump" || return 1
	out=$(TQUIC_NLINJECT=$tmp/dump LD_PRELOAD=$SHIM \
	      "$IP" -s -d -j link show 2>/dev/null)
	if ! jq -e '
		def p($id; $k): $id * 1000 + $k;
		def c($id; $k): 1099511627776 + p($id; $k);
		def path($id; $dev; $state):
			{id: $id, dev: $dev, state: $state, backup: ($id == 1),
			 srtt_us: p($id; 6), rttvar_us: p($id; 7),
			 cwnd: c($id; 8), inflight: c($id; 9),
			 tx_packets: c($id; 10), tx_bytes: c($id; 11),
			 rx_packets: c($id; 12), rx_bytes: c($id; 13),
			 lost: c($id; 14), retransmitted: c($id; 15),
			 failures: c($id; 16)};
		(.[] | select(.ifname == "tq-client") | .linkinfo.info_xstats) ==
		{session: "established", key_phase: 1, srtt_us: 12345,
		 rttvar_us: 678,
		 rx_malformed: 1099511627778, rx_unknown_cid: 1099511627779,
		 rx_auth_failed: 1099511627780, rx_replayed: 1099511627781,
		 rx_bad_inner: 1099511627782, hs_rx_invalid: 1099511627783,
		 hs_rx_replayed: 1099511627784, hs_rx_dropped: 1099511627785,
		 hs_cookies_sent: 1099511627786,
		 hs_initiations_sent: 1099511627787,
		 hs_completed: 1099511627788, tx_no_session: 1099511627789,
		 tx_no_route: 1099511627790, tx_too_big: 1099511627791,
		 tx_errors: 1099511627792, keepalives_sent: 1099511627793,
		 acks_sent: 1099511627794, acks_received: 1099511627795,
		 tx_no_path: 1099511627796, tx_retransmitted: 1099511627797,
		 path_failures: 1099511627798, rx_duplicate: 1099511627799,
		 path_migrations: 1099511627804, tx_amp_limited: 1099511627805,
		 reorder_held: 1099511627800, reorder_late: 1099511627801,
		 reorder_dropped: 1099511627802,
		 reorder_timeouts: 1099511627803,
		 hs_rx_ratelimited: 1099511627806,
		 rekeys_at_limit: 1099511627807, tx_key_limit: 1099511627808,
		 keys_forged_out: 1099511627809,
		 crypto_missing: 1099511627810,
		 paths: [path(0; "wan0"; "active"), path(1; "wan1"; "failed")]}
		and
		(.[] | select(.ifname == "tq-server") | .linkinfo.info_xstats) ==
		{session: 9, rx_malformed: 3,
		 paths: [{id: 7, dev: null, state: 42, backup: false, lost: 5}]}
		and
		(.[] | select(.ifname == "tq-bare") | .linkinfo | has("info_xstats") | not)
		' <<<"$out" >/dev/null; then
		diag "got: $out"
		return 1
	fi
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
tq-client {"slaves":[{"ifname":"wan0","up":true,"backup":false,"weight":250},{"ifname":"wan1","up":false,"backup":true,"weight":100}],"peer":"192.0.2.2","port":4433,"mode":"aggregate","public_key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","peer_key":"//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=","psk":true,"cipher":"chacha20-poly1305","keepalive":25,"rekey_time":120,"reorder_timeout":200}
tq-server {"slaves":[{"ifname":"wan1"}],"peer":"2001:db8::2","listen":8443,"mode":200,"psk":false,"cipher":100,"keepalive":0,"rekey_time":5,"reorder_timeout":0}
tq-bare {}
EOT
}

# The text a link prints, given back to ip, asks for the same link.
test_round_trip()
{
	local args="slaves lo weight 250 lo backup weight 1 lo peer 127.0.0.2 port 0 listen 4433 mode active-backup peer-key $KEY_B64 cipher chacha20-poly1305 keepalive 25 rekey-time 60 reorder-timeout 150"
	local text

	# shellcheck disable=SC2086
	expect_kernel add "$DEV" type tquic $args || return 1
	text=$("$IP" -d monitor file "$tmp/sent" 2>/dev/null |
	       sed -n 's/^    tquic //p')
	same "printed back" "$args " "$text"
}

# expect_key_error FILE-TEXT MESSAGE: a private key file holding exactly
# FILE-TEXT is refused with MESSAGE, which never quotes the file.
expect_key_error()
{
	key_file bad "$1"
	expect_error "Error: argument \"$tmp/bad\" is wrong: $2" \
		slaves lo listen 4433 private-key "$tmp/bad" || return 1
	if [ -n "$1" ] && grep -qF -- "${1%%$'\n'*}" <<<"$err"; then
		diag "the message quotes the file"
		return 1
	fi
}

test_key_file_errors()
{
	local msg="not a private key: expected one line of base64 of 32 bytes"

	expect_key_error "" "$msg" || return 1
	expect_key_error "$KEY_B64"$'\n\n' "$msg" || return 1
	expect_key_error " $KEY_B64" "$msg" || return 1
	expect_key_error "$KEY_B64"$'\r\n' "$msg" || return 1
	expect_key_error "${KEY_B64%=}" "$msg" || return 1
	expect_key_error "${KEY_B64%h8=}h9=" "$msg" || return 1
	expect_key_error "${KEY_B64%=}A" "$msg" || return 1
	expect_key_error "AAAA$KEY_B64" "$msg" || return 1
	expect_key_error "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==" \
		"$msg" || return 1
	expect_key_error "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8*" \
		"$msg" || return 1
	expect_key_error "$(head -c 300 /dev/zero | tr '\0' A)" "$msg"
}

# Missing and unreadable files are named, with the system's reason.
test_key_file_unreadable()
{
	expect_error "Error: argument \"$tmp/none\" is wrong: cannot read private key file: No such file or directory" \
		slaves lo listen 4433 private-key "$tmp/none" || return 1
	expect_error "Error: argument \"$tmp\" is wrong: cannot read psk file: Is a directory" \
		slaves lo listen 4433 psk "$tmp"
}

# expect_warning LINE ARGS...: "ip link add" with ARGS warns with LINE and
# still reaches the kernel.
expect_warning()
{
	local line=$1

	shift
	ipt link add "$DEV" type tquic "$@"
	if [ "$rc" -ne 2 ] || ! grep -qxF -- "$line" <<<"$err" ||
	   ! [ -s "$tmp/sent" ]; then
		diag "expected: $line, and a request"
		diag_run
		return 1
	fi
}

# Like wg(8): a secret others can read is worth a warning, not a refusal.
# expect_kernel fails on any warning: a private file gets none.
test_key_file_mode()
{
	key_file k "$KEY_B64" 644
	expect_warning "Warning: private key file \"$tmp/k\" is readable by other users (mode 0644)" \
		slaves lo listen 4433 private-key "$tmp/k" || return 1
	key_file k "$KEY_B64" 640
	expect_warning "Warning: psk file \"$tmp/k\" is readable by other users (mode 0640)" \
		slaves lo listen 4433 psk "$tmp/k" || return 1
	key_file k "$KEY_B64" 620
	expect_kernel add "$DEV" type tquic slaves lo listen 4433 \
		private-key "$tmp/k"
}

test_keys_encoded()
{
	key_file priv "$KEY_B64"$'\n'
	key_file psk "$PSK_B64"
	expect_sent "kind=tquic data{ slaves+{ entry+{ ifindex=$LO_INDEX } } listen=4433 privkey=$KEY_HEX peerkey=$PSK_HEX psk=$PSK_HEX cipher=1 keepalive=65535 rekey_time=4294967295 }" \
		add "$DEV" type tquic slaves lo listen 4433 \
		private-key "$tmp/priv" peer-key "$PSK_B64" psk "$tmp/psk" \
		cipher chacha20-poly1305 keepalive 65535 rekey-time 4294967295
}

# Keys made by tquic-keygen reach the kernel byte for byte, and the peer
# key prints back as it was given.
test_keygen_round_trip()
{
	local pub printed

	"$KEYGEN" genkey -o "$tmp/kg.key" || return 1
	pub=$("$KEYGEN" pubkey <"$tmp/kg.key") || return 1
	"$KEYGEN" psk -o "$tmp/kg.psk" || return 1
	expect_sent "kind=tquic data{ slaves+{ entry+{ ifindex=$LO_INDEX } } peer4=127.0.0.2 port=4433 privkey=$(hex_of_b64 "$(cat "$tmp/kg.key")") peerkey=$(hex_of_b64 "$pub") psk=$(hex_of_b64 "$(cat "$tmp/kg.psk")") }" \
		add "$DEV" type tquic slaves lo peer 127.0.0.2 port 4433 \
		private-key "$tmp/kg.key" peer-key "$pub" psk "$tmp/kg.psk" ||
		return 1
	printed=$("$IP" -d monitor file "$tmp/sent" 2>/dev/null |
		  grep -o 'peer-key [^ ]*')
	same "peer key printed back" "peer-key $pub" "$printed"
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
t "weight before any slave" expect_error \
	'Error: argument "weight" is wrong: must follow the slave device it applies to' \
	slaves weight 5 lo listen 4433
t "backup before any slave" expect_error \
	'Error: argument "backup" is wrong: must follow the slave device it applies to' \
	slaves backup lo listen 4433
t "backup outside the slaves list" expect_error \
	'Error: argument "backup" is wrong: must follow the slave device it applies to' \
	slaves lo listen 4433 backup
t "weight outside the slaves list" expect_error \
	'Error: argument "weight" is wrong: must follow the slave device it applies to' \
	listen 4433 weight 5
t "weight not a number" expect_error \
	'Error: argument "abc" is wrong: invalid weight, expected 1-10000' \
	slaves lo weight abc listen 4433
t "weight negative" expect_error \
	'Error: argument "-1" is wrong: invalid weight, expected 1-10000' \
	slaves lo weight -1 listen 4433
t "weight above 32 bits" expect_error \
	'Error: argument "4294967296" is wrong: invalid weight, expected 1-10000' \
	slaves lo weight 4294967296 listen 4433
t "weight needs a value" expect_error \
	'Command line is not complete. Try option "help"' \
	listen 4433 slaves lo weight
t "weight followed by a keyword" expect_error \
	'Error: argument "listen" is wrong: invalid weight, expected 1-10000' \
	slaves lo weight listen 4433
t "weight twice for one slave" expect_error \
	'Error: duplicate "weight": "7" is the second value.' \
	slaves lo weight 5 weight 7 listen 4433
t "backup twice for one slave" expect_error \
	'Error: duplicate "backup": "backup" is the second value.' \
	slaves lo backup backup listen 4433
t "unknown slave after slave options" expect_error \
	'Error: argument "nosuchdev" is wrong: slave device does not exist' \
	slaves lo weight 5 backup nosuchdev listen 4433
t "reorder-timeout not a number" expect_error \
	'Error: argument "1s" is wrong: invalid reorder-timeout, expected milliseconds (0-10000)' \
	slaves lo listen 4433 reorder-timeout 1s
t "reorder-timeout negative" expect_error \
	'Error: argument "-1" is wrong: invalid reorder-timeout, expected milliseconds (0-10000)' \
	slaves lo listen 4433 reorder-timeout -1
t "reorder-timeout needs a value" expect_error \
	'Command line is not complete. Try option "help"' \
	slaves lo listen 4433 reorder-timeout
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
t "private key file: not one line of base64 of 32 bytes" test_key_file_errors
t "key files that cannot be read" test_key_file_unreadable
t "key file readable by others: warning" test_key_file_mode
t "peer key not base64" expect_error \
	'Error: argument "not-a-key" is wrong: invalid peer key, expected base64 of 32 bytes' \
	slaves lo listen 4433 peer-key not-a-key
t "peer key of 31 bytes" expect_error \
	'Error: argument "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==" is wrong: invalid peer key, expected base64 of 32 bytes' \
	slaves lo listen 4433 peer-key AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==
t "peer key needs a value" expect_error \
	'Command line is not complete. Try option "help"' \
	slaves lo listen 4433 peer-key
t "private-key needs a file" expect_error \
	'Command line is not complete. Try option "help"' \
	slaves lo listen 4433 private-key
t "unknown cipher" expect_error \
	'Error: argument "aes" is wrong: unknown cipher, expected aes-128-gcm or chacha20-poly1305' \
	slaves lo listen 4433 cipher aes
t "keepalive above 65535" expect_error \
	'Error: argument "65536" is wrong: invalid keepalive, expected seconds (0-65535, 0 is off)' \
	slaves lo listen 4433 keepalive 65536
t "keepalive not a number" expect_error \
	'Error: argument "25s" is wrong: invalid keepalive, expected seconds (0-65535, 0 is off)' \
	slaves lo listen 4433 keepalive 25s
t "rekey-time above 32 bits" expect_error \
	'Error: argument "4294967296" is wrong: invalid rekey-time, expected seconds' \
	slaves lo listen 4433 rekey-time 4294967296
t "rekey-time negative" expect_error \
	'Error: argument "-5" is wrong: invalid rekey-time, expected seconds' \
	slaves lo listen 4433 rekey-time -5
t "rekey given twice" expect_error \
	'Error: duplicate "rekey": "rekey" is the second value.' \
	slaves lo listen 4433 rekey rekey
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
t "add encodes keys from files, peer key, cipher, timers" test_keys_encoded
t "set encodes the aes-128-gcm cipher, keepalive 0" expect_sent \
	"kind=tquic data{ cipher=0 keepalive=0 }" \
	set lo type tquic cipher aes-128-gcm keepalive 0
t "rekey is a flag, last or not" expect_sent \
	"kind=tquic data{ rekey rekey_time=0 }" \
	set lo type tquic rekey rekey-time 0
t "rekey at the end of the line" expect_sent \
	"kind=tquic data{ mode=0 rekey }" \
	set lo type tquic mode aggregate rekey
t "slave options go into their own slave's entry" expect_sent \
	"kind=tquic data{ slaves+{ entry+{ ifindex=$LO_INDEX weight=200 } entry+{ ifindex=$LO_INDEX backup=1 } entry+{ ifindex=$LO_INDEX backup=1 weight=1 } entry+{ ifindex=$LO_INDEX } } listen=4433 }" \
	add "$DEV" type tquic slaves lo weight 200 lo backup lo backup weight 1 \
	lo listen 4433
t "each slave may have each option once" expect_sent \
	"kind=tquic data{ slaves+{ entry+{ ifindex=$LO_INDEX weight=5 } entry+{ ifindex=$LO_INDEX weight=6 } } }" \
	set lo type tquic slaves lo weight 5 lo weight 6
t "weights out of range are the kernel's to refuse" expect_sent \
	"kind=tquic data{ slaves+{ entry+{ ifindex=$LO_INDEX weight=0 } entry+{ ifindex=$LO_INDEX weight=4294967295 } } }" \
	set lo type tquic slaves lo weight 0 lo weight 4294967295
t "reorder-timeout, in and out of range, goes to the kernel" expect_sent \
	"kind=tquic data{ reorder_timeout=0 mode=1 }" \
	set lo type tquic reorder-timeout 0 mode active-backup
t "reorder-timeout above 10000 is the kernel's to refuse" expect_sent \
	"kind=tquic data{ reorder_timeout=4294967295 }" \
	set lo type tquic reorder-timeout 4294967295
t "tquic-keygen keys go through unchanged" test_keygen_round_trip
t "duplicate and surplus slaves all go to the kernel" test_slave_count
t "text output of kernel-style dumps" test_text_output
t "JSON output of kernel-style dumps" test_json_output
t "ip -s: statistics as text" test_xstats_text
t "ip -s -j: one key per statistic" test_xstats_json
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
