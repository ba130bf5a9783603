#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of tquic-keygen.
# Usage: test.sh [BINARY]; BINARY defaults to $TQUIC_KEYGEN, then
# ./tquic-keygen.  $TEST_BASE64 names the base64 unit test program.
set -u

here=$(cd "$(dirname "$0")" && pwd)
KEYGEN=${1:-${TQUIC_KEYGEN:-$here/tquic-keygen}}
TEST_BASE64=${TEST_BASE64:-$here/test_base64}
. "$here/../tap.sh"

# run [-i INPUT | -f FILE] ARGS...: runs the tool with INPUT or FILE (or
# nothing) on stdin; sets rc, out and err, and leaves stdout in $tmp/out.
run() {
	local in=/dev/null

	case ${1-} in
	-i)	printf '%s' "$2" >"$tmp/in"
		in=$tmp/in
		shift 2 ;;
	-f)	in=$2
		shift 2 ;;
	esac
	"$KEYGEN" "$@" <"$in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(<"$tmp/out")
	err=$(<"$tmp/err")
}

# Under umask 000 a mode of 600 is the tool's doing, not the umask's.
run_umask000() {
	local old

	old=$(umask)
	umask 000
	run "$@"
	umask "$old"
}

succeeded() { [ "$rc" = 0 ] && [ -z "$err" ]; }
# refused MESSAGE: exit 1, exactly MESSAGE on stderr, nothing on stdout.
refused() { [ "$rc" = 1 ] && [ "$err" = "tquic-keygen: $1" ] && [ -z "$out" ]; }
warned() { [ "$rc" = 0 ] && [ "$err" = "tquic-keygen: warning: $1" ]; }

hex2b64() { printf '%b' "$(sed 's/../\\x&/g' <<<"$1")" | base64 -w0; echo; }
b64hex() { base64 -d <<<"$1" | od -An -tx1 -v | tr -d ' \n'; }
mode() { stat -c %a "$1"; }
is_key() {
	[[ $1 =~ ^[A-Za-z0-9+/]{43}=$ ]] &&
		[ "$(base64 -d <<<"$1" | wc -c)" = 32 ]
}
file_is_key() { is_key "$(<"$1")" && [ "$(wc -c <"$1")" = 45 ]; }

# RFC 7748 section 6.1
alice_priv=$(hex2b64 77076d0a7318a57d3c16c17251b26645$(
	)df4c2f87ebc0992ab177fba51db92c2a)
alice_pub=$(hex2b64 8520f0098930a754748b7ddcb43ef75a$(
	)0dbf3a0d26381af4eba4a98eaa9b4e6a)
bob_priv=$(hex2b64 5dab087e624a8a4b79e17f8b83800ee6$(
	)6f3bb1292618b6fd1c2f8b27ff88e0eb)
bob_pub=$(hex2b64 de9edb7d7b7dc1b4d35b61c2ece43537$(
	)3f8343c85b78674dadfc7e146f882b4f)

echo "TAP version 13"

# --- genkey ---------------------------------------------------------------
run genkey
key1=$out
succeeded && file_is_key "$tmp/out"
tap "genkey prints one 44-character base64 line of 32 bytes"
run genkey
succeeded && is_key "$out" && [ "$out" != "$key1" ]
tap "two genkeys differ"

# X25519 clamping: low 3 bits clear, top bit clear, bit 254 set.
h=$(b64hex "$key1")
(( (0x${h:0:2} & 7) == 0 && (0x${h:62:2} & 0xc0) == 0x40 ))
tap "genkey output is a clamped X25519 scalar, as wg genkey"

# --- pubkey ---------------------------------------------------------------
run -i "$alice_priv" pubkey
succeeded && [ "$out" = "$alice_pub" ]
tap "pubkey of RFC 7748 Alice key"
run -i "$bob_priv"$'\n' pubkey
succeeded && [ "$out" = "$bob_pub" ]
tap "pubkey of RFC 7748 Bob key"

run -i "$key1" pubkey
pub1=$out
run -i "$key1" pubkey
succeeded && is_key "$pub1" && [ "$out" = "$pub1" ]
tap "pubkey is deterministic"
run -i $'\n \t'"$key1"$' \r\n\n' pubkey
succeeded && [ "$out" = "$pub1" ]
tap "pubkey allows whitespace around the key"

# An independent X25519: PKCS#8 header of a raw private key (RFC 8410).
openssl_pub() {
	{ printf '\x30\x2e\x02\x01\x00\x30\x05\x06'
	  printf '\x03\x2b\x65\x6e\x04\x22\x04\x20'
	  base64 -d <<<"$1"; } |
		openssl pkey -inform DER -pubout -outform DER | tail -c 32 |
		base64 -w0
}
if command -v openssl >/dev/null; then
	[ "$(openssl_pub "$key1")" = "$pub1" ]
	tap "pubkey agrees with openssl pkey for a fresh key"
else
	true
	tap "pubkey agrees with openssl pkey # SKIP no openssl"
fi

# --- files ----------------------------------------------------------------
run genkey -o "$tmp/new.key"
succeeded && [ -z "$out" ] && file_is_key "$tmp/new.key"
tap "genkey -o writes the key to the file, not stdout"
run_umask000 genkey -o "$tmp/umask.key"
succeeded && [ "$(mode "$tmp/umask.key")" = 600 ]
tap "genkey -o creates mode 600 under umask 000"

echo "a file longer than one key line, to see it truncated" >"$tmp/old"
chmod 644 "$tmp/old"
run_umask000 genkey -o "$tmp/old"
succeeded && [ "$(mode "$tmp/old")" = 600 ]
tap "genkey -o forces an existing 644 file to 600"
file_is_key "$tmp/old"
tap "genkey -o replaces the old content entirely"

run psk
psk1=$out
succeeded && is_key "$out"
tap "psk prints 32 bytes in base64"
run psk
succeeded && [ "$out" != "$psk1" ]
tap "two psks differ"
chmod 666 "$tmp/old"
run_umask000 psk -o "$tmp/old"
succeeded && [ "$(mode "$tmp/old")" = 600 ] && file_is_key "$tmp/old"
tap "psk -o leaves mode 600 under umask 000"

before=$(mode /dev/null)
run genkey -o /dev/null
refused "/dev/null: not a regular file" && [ "$(mode /dev/null)" = "$before" ]
tap "genkey -o refuses a device and leaves its mode alone"
run genkey -o "$tmp/nodir/x.key"
refused "$tmp/nodir/x.key: No such file or directory"
tap "genkey -o into a missing directory fails"
if [ -w /dev/full ]; then
	"$KEYGEN" genkey >/dev/full 2>"$tmp/err"
	rc=$? out='' err=$(<"$tmp/err")
	refused "stdout: No space left on device"
	tap "genkey to a full stdout fails"
fi

# --- pubkey -i ------------------------------------------------------------
key=$tmp/alice.key
echo "$alice_priv" >"$key"
chmod 600 "$key"
run pubkey -i "$key"
succeeded && [ "$out" = "$alice_pub" ]
tap "pubkey -i reads a 600 file without warning"
chmod 644 "$key"
run pubkey -i "$key"
warned "$key is world-readable" && [ "$out" = "$alice_pub" ]
tap "pubkey -i warns about a world-readable file and goes on"
chmod 640 "$key"
run pubkey -i "$key"
warned "$key is group-readable" && [ "$out" = "$alice_pub" ]
tap "pubkey -i warns about a group-readable file"
run pubkey -i "$tmp/missing.key"
refused "$tmp/missing.key: No such file or directory"
tap "pubkey -i of a missing file"

# --- refused input --------------------------------------------------------
short=$(hex2b64 "$(printf '11%.0s' {1..31})")
long=$(hex2b64 "$(printf '22%.0s' {1..33})")
huge=$(hex2b64 "$(printf '33%.0s' {1..64})")
spare=$(printf 'A%.0s' {1..42})B=
a=${alice_priv:0:20}
z=${alice_priv:21}
# Inputs go through printf %b: \n and \t stand for themselves.
while IFS='|' read -r name input message; do
	run -i "$(printf '%b' "$input")" pubkey
	refused "$message"
	tap "pubkey refuses $name"
done <<EOF2
empty input||empty input
whitespace only| \\n\\t|empty input
31 bytes|$short|invalid key: expected 32 bytes, got 31
33 bytes|$long|invalid key: expected 32 bytes, got 33
a 64-byte key|$huge|invalid key: expected 32 bytes, got 64
two keys glued together|$alice_priv$bob_priv|invalid base64: bad padding
a bad character|$a*$z|invalid base64: bad character
a base64url character|$a-$z|invalid base64: bad character
missing padding|${alice_priv%=}|invalid base64: length is not a multiple of 4
non-zero spare bits|$spare|invalid base64: bad padding
a second key|$alice_priv\\n$bob_priv\\n|trailing garbage after key
a key split by a space|$a ${alice_priv:20}|trailing garbage after key
EOF2

printf '%s\0%s\n' "$a" "$z" >"$tmp/nul"
run -f "$tmp/nul" pubkey
refused "invalid base64: bad character"
tap "pubkey refuses a NUL byte"
run -i "$(printf 'A%.0s' {1..5000})" pubkey
refused "stdin: input too long"
tap "pubkey refuses overlong input"

# --- command line ---------------------------------------------------------
run
[ "$rc" = 1 ] && [ -z "$out" ] && [[ $err == Usage:* ]]
tap "no command: usage on stderr, exit 1"
run help
succeeded && [[ $out == Usage:* ]]
tap "help: usage on stdout, exit 0"
run frobnicate
[ "$rc" = 1 ] && [ -z "$out" ] &&
	[ "$(head -n1 <<<"$err")" = \
		"tquic-keygen: unknown command 'frobnicate'" ]
tap "unknown command"
run genkey -o
refused "genkey: option '-o' requires an argument"
tap "genkey -o without FILE"
run pubkey -i
refused "pubkey: option '-i' requires an argument"
tap "pubkey -i without FILE"
run psk -o "$tmp/a" -o "$tmp/b"
refused "psk: option '-o' given twice"
tap "psk -o given twice"
run genkey extra
refused "genkey: unexpected argument 'extra'"
tap "genkey with an extra argument"
run -i "$alice_priv" pubkey -o "$tmp/pub"
refused "pubkey: unexpected argument '-o'"
tap "pubkey does not take -o"

# --- base64 unit tests, as a subtest ---------------------------------------
if [ -x "$TEST_BASE64" ]; then
	echo "# Subtest: base64"
	"$TEST_BASE64" 2>&1 | sed 's/^/    /'
	rc=${PIPESTATUS[0]} out='' err=''
	[ "$rc" = 0 ]
	tap "base64 unit tests"
else
	skip "base64 unit tests" "$TEST_BASE64 not built"
fi

tap_finish
