#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every way to get a tquic link wrong gets a clear message from ip (plugin
# or kernel extack), a non-zero exit, and leaves no link behind.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
require ip jq tquic-keygen

NS=tq-bad-$$
K=$(mktemp -d)
cleanup() { ip netns del "$NS" 2>/dev/null; rm -rf "$K"; }
trap cleanup EXIT
ipn() { ip -n "$NS" "$@"; }
tquic_links() { count_tquic -n "$NS"; }

# reject DESC MESSAGE ARGS...: "ip link ARGS" must fail, print MESSAGE, and
# leave the number of tquic links as it was.
reject() {
	local desc=$1 msg=$2 before err rc
	shift 2
	before=$(tquic_links)
	err=$(ipn link "$@" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -ne 0 ] && grep -qF -- "$msg" <<< "$err" &&
	   [ "$(tquic_links)" = "$before" ]; then
		ok "$desc"
	else
		not_ok "$desc"
		echo "#   ip link $*"
		echo "#   exit $rc, links $before -> $(tquic_links), said: $err"
		echo "#   expected: $msg"
	fi
}

ip netns add $NS
for i in $(seq 0 9); do ipn link add s$i type veth peer p$i; done
ADD="add tquic0 type tquic"
PEER="peer 198.51.100.7 port 4433"

# key_file NAME TEXT: a private (0600) key file holding TEXT.
key_file() { printf '%s\n' "$2" > "$K/$1" && chmod 600 "$K/$1"; }
tquic-keygen genkey -o "$K/good.key"
PUB=$(tquic-keygen pubkey < "$K/good.key")
ZERO=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
key_file short.key AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==
key_file long.key AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==
key_file bad64.key 'this is not base64 at all, not even close!!'
key_file zero.key $ZERO
KEYS="private-key $K/good.key peer-key $PUB"

ktap_begin 38
# Caught by the plugin: names and values it cannot even encode.
reject "unknown slave" 'argument "nosuch0" is wrong: slave device does not exist' \
	$ADD slaves s0 nosuch0 $PEER
reject "slaves without a device" 'Command line is not complete' $ADD slaves
reject "bad peer address" 'invalid peer address' $ADD slaves s0 peer 300.1.2.3 port 4433
reject "port out of range" 'invalid port' $ADD slaves s0 peer 198.51.100.7 port 65536
reject "listen port out of range" 'invalid listen port' $ADD slaves s0 listen 70000
reject "unknown mode" 'unknown mode' $ADD slaves s0 $PEER mode fastest
reject "unknown option" 'unknown option' $ADD slaves s0 $PEER colour blue
reject "private key of 31 bytes" \
	'not a private key: expected one line of base64 of 32 bytes' \
	$ADD slaves s0 $PEER private-key "$K/short.key"
reject "private key of 34 bytes" \
	'not a private key: expected one line of base64 of 32 bytes' \
	$ADD slaves s0 $PEER private-key "$K/long.key"
reject "private key not base64" \
	'not a private key: expected one line of base64 of 32 bytes' \
	$ADD slaves s0 $PEER private-key "$K/bad64.key"
reject "missing private key file" \
	'cannot read private key file: No such file or directory' \
	$ADD slaves s0 $PEER private-key "$K/nonexistent"
reject "psk not base64" 'not a psk: expected one line of base64 of 32 bytes' \
	$ADD slaves s0 $PEER psk "$K/bad64.key"
reject "peer key of 31 bytes" 'invalid peer key, expected base64 of 32 bytes' \
	$ADD slaves s0 $PEER peer-key AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==
reject "peer key not base64" 'invalid peer key, expected base64 of 32 bytes' \
	$ADD slaves s0 $PEER peer-key "$PUB!"
reject "unknown cipher" 'unknown cipher, expected aes-128-gcm or chacha20-poly1305' \
	$ADD slaves s0 $PEER cipher aes-256-gcm
reject "keepalive out of range" 'invalid keepalive' \
	$ADD slaves s0 $PEER keepalive 65536

# Caught by the kernel, told through extack.
reject "same slave twice" 'slave given twice' $ADD slaves s0 s1 s0 $PEER
reject "loopback as slave" 'loopback cannot be a slave' $ADD slaves s0 lo $PEER
reject "more slaves than the limit" 'too many slaves, at most 8' \
	$ADD slaves s0 s1 s2 s3 s4 s5 s6 s7 s8 $PEER
reject "no slaves" 'at least one slave is required' $ADD $PEER
reject "peer port 0" 'port must be 1-65535, not 0' $ADD slaves s0 peer 198.51.100.7 port 0
reject "listen port 0" 'port must be 1-65535, not 0' $ADD slaves s0 listen 0
reject "multicast IPv4 peer" 'peer address must be a unicast address' \
	$ADD slaves s0 peer 224.0.0.1 port 4433
reject "unspecified IPv6 peer" 'peer address must be a unicast address' \
	$ADD slaves s0 peer :: port 4433
reject "neither peer nor listen port" 'need a peer address or a listen port' \
	$ADD slaves s0
reject "peer without port" 'a peer address needs a port' $ADD slaves s0 peer 2001:db8::1
reject "link-layer address" 'tquic devices have no link-layer address' \
	add tquic0 address 02:00:00:00:00:01 type tquic slaves s0 $PEER
reject "rekey on add" 'rekey applies to an existing link only' \
	$ADD slaves s0 $PEER $KEYS rekey
reject "rekey-time 0" 'rekey-time must be 1-86400 seconds' \
	$ADD slaves s0 $PEER rekey-time 0
reject "rekey-time above a day" 'rekey-time must be 1-86400 seconds' \
	$ADD slaves s0 $PEER rekey-time 86401
reject "all-zero peer key" 'peer key must not be all zero' \
	$ADD slaves s0 $PEER peer-key $ZERO
reject "all-zero private key" 'private key is zero or has no valid public key' \
	$ADD slaves s0 $PEER private-key "$K/zero.key"

ipn link add tquic1 type tquic slaves s9 $PEER
reject "a tquic device as slave" 'a tquic device cannot be a slave' $ADD slaves tquic1 $PEER
reject "bad change keeps the link" 'too many slaves, at most 8' \
	set tquic1 type tquic slaves s0 s1 s2 s3 s4 s5 s6 s7 s8
reject "rekey without keys" 'rekey needs a private key and a peer key' \
	set tquic1 type tquic rekey
reject "rekey without a peer key" 'rekey needs a private key and a peer key' \
	set tquic1 type tquic private-key "$K/good.key" rekey
reject "good key in a bad change is not kept" 'peer key must not be all zero' \
	set tquic1 type tquic private-key "$K/good.key" peer-key $ZERO
expect_eq "after all that, tquic1 is unchanged and alone" '1 s9 null null' \
	"$(tquic_links) $(tq_info $NS tquic1 '"\(.slaves[0].ifname) \(.public_key) \(.peer_key)"')"
ktap_finish
