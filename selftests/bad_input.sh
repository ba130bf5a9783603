#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every way to get a tquic link wrong gets a clear message from ip (plugin
# or kernel extack), a non-zero exit, and leaves the tquic links exactly
# as they were: no new one, no change to an existing one.
# shellcheck source=lib/tunnel.sh
. "$(dirname "$0")/lib/tunnel.sh"
tq_require ip jq tquic-keygen

tq_test_setup bi NS
ipn() { ip -n "$NS" "$@"; }
tquic_links() { tq_count_tquic -n "$NS"; }
# Every tquic link of the namespace with its whole configuration, as ip
# dumps it (no jq: it takes a third of a second to start in the test VM).
tquic_state() { ipn -j -d link show type tquic; }

# reject DESC LINE ARGS...: "ip link ARGS" must fail with LINE as one whole
# line of what ip says, and leave the tquic links as they were. What they
# were is what the previous reject left ($state); whatever else changes
# them reads it again (state=$(tquic_state)).
reject() {
	local desc=$1 msg=$2 before=$state after err rc
	shift 2
	err=$(ipn link "$@" 2>&1 >/dev/null)
	rc=$?
	after=$(tquic_state)
	state=$after
	if [ $rc -ne 0 ] && grep -qxF -- "$msg" <<< "$err" &&
	   [ "$after" = "$before" ]; then
		tq_ok "$desc"
	else
		tq_not_ok "$desc"
		echo "#   ip link $*"
		echo "#   exit $rc, said: $err"
		echo "#   expected: $msg"
		[ "$after" = "$before" ] ||
			echo "#   links were: $before"$'\n'"#   are now:    $after"
	fi
}

ip netns add $NS
for i in $(seq 0 9); do echo "link add s$i type veth peer p$i"; done | ipn -batch -
ADD="add tquic0 type tquic"
PEER="peer 198.51.100.7 port 4433"

# key_file NAME TEXT: a private (0600) key file holding TEXT.
key_file() { printf '%s\n' "$2" > "$tmp/$1" && chmod 600 "$tmp/$1"; }
tquic-keygen genkey -o "$tmp/good.key"
PUB=$(tquic-keygen pubkey < "$tmp/good.key")
ZERO=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
key_file short.key AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==
key_file long.key AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==
key_file bad64.key 'this is not base64 at all, not even close!!'
key_file zero.key $ZERO
KEYS="private-key $tmp/good.key peer-key $PUB"

# The plugin's words, and the kernel's extack as ip prints it.
arg() { echo "Error: argument \"$1\" is wrong: $2"; }
kerr() { echo "Error: $1."; }
INCOMPLETE='Command line is not complete. Try option "help"'
KEYFILE='not a private key: expected one line of base64 of 32 bytes'
WEIGHT='invalid weight, expected 1-10000'
FOLLOW='must follow the slave device it applies to'
REORDER='invalid reorder-timeout, expected milliseconds (0-10000)'

tq_ktap_begin 53
state=$(tquic_state)
# Caught by the plugin: names and values it cannot even encode.
reject "unknown slave" "$(arg nosuch0 'slave device does not exist')" \
	$ADD slaves s0 nosuch0 $PEER
reject "slaves without a device" "$INCOMPLETE" $ADD slaves
reject "bad peer address" "$(arg 300.1.2.3 'invalid peer address')" \
	$ADD slaves s0 peer 300.1.2.3 port 4433
reject "port out of range" "$(arg 65536 'invalid port')" \
	$ADD slaves s0 peer 198.51.100.7 port 65536
reject "listen port out of range" "$(arg 70000 'invalid listen port')" \
	$ADD slaves s0 listen 70000
reject "unknown mode" \
	"$(arg fastest 'unknown mode, expected aggregate, active-backup or redundant')" \
	$ADD slaves s0 $PEER mode fastest
reject "unknown option" 'tquic: unknown option "colour"?' \
	$ADD slaves s0 $PEER colour blue
reject "private key of 31 bytes" "$(arg "$tmp/short.key" "$KEYFILE")" \
	$ADD slaves s0 $PEER private-key "$tmp/short.key"
reject "private key of 34 bytes" "$(arg "$tmp/long.key" "$KEYFILE")" \
	$ADD slaves s0 $PEER private-key "$tmp/long.key"
reject "private key not base64" "$(arg "$tmp/bad64.key" "$KEYFILE")" \
	$ADD slaves s0 $PEER private-key "$tmp/bad64.key"
reject "missing private key file" \
	"$(arg "$tmp/nonexistent" 'cannot read private key file: No such file or directory')" \
	$ADD slaves s0 $PEER private-key "$tmp/nonexistent"
reject "psk not base64" \
	"$(arg "$tmp/bad64.key" 'not a psk: expected one line of base64 of 32 bytes')" \
	$ADD slaves s0 $PEER psk "$tmp/bad64.key"
reject "peer key of 31 bytes" \
	"$(arg AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg== 'invalid peer key, expected base64 of 32 bytes')" \
	$ADD slaves s0 $PEER peer-key AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==
reject "peer key not base64" \
	"$(arg "$PUB!" 'invalid peer key, expected base64 of 32 bytes')" \
	$ADD slaves s0 $PEER peer-key "$PUB!"
reject "unknown cipher" \
	"$(arg aes-256-gcm 'unknown cipher, expected aes-128-gcm or chacha20-poly1305')" \
	$ADD slaves s0 $PEER cipher aes-256-gcm
reject "keepalive out of range" \
	"$(arg 65536 'invalid keepalive, expected seconds (0-65535, 0 is off)')" \
	$ADD slaves s0 $PEER keepalive 65536
reject "weight not a number" "$(arg abc "$WEIGHT")" \
	$ADD slaves s0 weight abc s1 $PEER
reject "negative weight" "$(arg -1 "$WEIGHT")" $ADD slaves s0 weight -1 $PEER
reject "weight without a value" "$INCOMPLETE" $ADD $PEER slaves s0 weight
reject "weight twice for one slave" \
	'Error: duplicate "weight": "7" is the second value.' \
	$ADD slaves s0 weight 5 weight 7 $PEER
reject "backup before any slave" "$(arg backup "$FOLLOW")" \
	$ADD slaves backup s0 $PEER
reject "weight after the slave list" "$(arg weight "$FOLLOW")" \
	$ADD slaves s0 $PEER weight 5
reject "reorder-timeout -1" "$(arg -1 "$REORDER")" \
	$ADD slaves s0 $PEER reorder-timeout -1
reject "reorder-timeout not a number" "$(arg 200ms "$REORDER")" \
	$ADD slaves s0 $PEER reorder-timeout 200ms

# Caught by the kernel, told through extack.
reject "same slave twice" "$(kerr 'slave given twice')" \
	$ADD slaves s0 s1 s0 $PEER
reject "loopback as slave" "$(kerr 'loopback cannot be a slave')" \
	$ADD slaves s0 lo $PEER
reject "more slaves than the limit" "$(kerr 'too many slaves, at most 8')" \
	$ADD slaves s0 s1 s2 s3 s4 s5 s6 s7 s8 $PEER
reject "no slaves" "$(kerr 'at least one slave is required')" $ADD $PEER
reject "peer port 0" "$(kerr 'port must be 1-65535, not 0')" \
	$ADD slaves s0 peer 198.51.100.7 port 0
reject "listen port 0" "$(kerr 'port must be 1-65535, not 0')" \
	$ADD slaves s0 listen 0
reject "multicast IPv4 peer" "$(kerr 'peer address must be a unicast address')" \
	$ADD slaves s0 peer 224.0.0.1 port 4433
reject "unspecified IPv6 peer" \
	"$(kerr 'peer address must be a unicast address')" \
	$ADD slaves s0 peer :: port 4433
reject "neither peer nor listen port" \
	"$(kerr 'need a peer address or a listen port (or both)')" \
	$ADD slaves s0
reject "peer without port" "$(kerr 'a peer address needs a port')" \
	$ADD slaves s0 peer 2001:db8::1
reject "link-layer address" \
	"$(kerr 'tquic devices have no link-layer address')" \
	add tquic0 address 02:00:00:00:00:01 type tquic slaves s0 $PEER
reject "rekey on add" "$(kerr 'rekey applies to an existing link only')" \
	$ADD slaves s0 $PEER $KEYS rekey
reject "rekey-time 0" "$(kerr 'rekey-time must be 1-86400 seconds')" \
	$ADD slaves s0 $PEER rekey-time 0
reject "rekey-time above a day" "$(kerr 'rekey-time must be 1-86400 seconds')" \
	$ADD slaves s0 $PEER rekey-time 86401
reject "all-zero peer key" "$(kerr 'peer key must not be all zero')" \
	$ADD slaves s0 $PEER peer-key $ZERO
reject "all-zero private key" \
	"$(kerr 'private key is zero or has no valid public key')" \
	$ADD slaves s0 $PEER private-key "$tmp/zero.key"
reject "weight 0" "$(kerr 'slave weight must be 1-10000')" \
	$ADD slaves s0 s1 weight 0 $PEER
reject "weight 10001" "$(kerr 'slave weight must be 1-10000')" \
	$ADD slaves s0 weight 10001 s1 $PEER
reject "reorder-timeout 10001" "$(kerr 'reorder-timeout must be 0-10000 ms')" \
	$ADD slaves s0 $PEER reorder-timeout 10001

# Changes of a link whose every option is off its default.
ipn link add tquic1 type tquic slaves s9 weight 300 backup s8 $PEER \
	mode active-backup reorder-timeout 50 keepalive 10
state=$(tquic_state)
reject "a tquic device as slave" "$(kerr 'a tquic device cannot be a slave')" \
	$ADD slaves tquic1 $PEER
reject "bad change keeps the link" "$(kerr 'too many slaves, at most 8')" \
	set tquic1 type tquic slaves s0 s1 s2 s3 s4 s5 s6 s7 s8
reject "rekey without keys" "$(kerr 'rekey needs a private key and a peer key')" \
	set tquic1 type tquic rekey
reject "rekey without a peer key" \
	"$(kerr 'rekey needs a private key and a peer key')" \
	set tquic1 type tquic private-key "$tmp/good.key" rekey
reject "good key in a bad change is not kept" \
	"$(kerr 'peer key must not be all zero')" \
	set tquic1 type tquic private-key "$tmp/good.key" peer-key $ZERO
reject "backup on set, without a slave list" "$(arg backup "$FOLLOW")" \
	set tquic1 type tquic backup
reject "weight on set, without a slave list" "$(arg weight "$FOLLOW")" \
	set tquic1 type tquic mode aggregate weight 100
reject "a bad weight keeps the old slaves and their options" \
	"$(kerr 'slave weight must be 1-10000')" \
	set tquic1 type tquic slaves s0 weight 200 s1 backup weight 10001
reject "a bad reorder-timeout keeps the mode given with it" \
	"$(kerr 'reorder-timeout must be 0-10000 ms')" \
	set tquic1 type tquic mode redundant reorder-timeout 10001
tq_expect_eq "after all that, tquic1 is unchanged and alone" \
	'1 s9:true:300 s8:false:100 "active-backup" 50 10 null null' \
	"$(tquic_links) $(tq_info $NS tquic1 '"\([.slaves[] | "\(.ifname):\(.backup):\(.weight)"] | join(" ")) \(.mode|tojson) \(.reorder_timeout) \(.keepalive) \(.public_key) \(.peer_key)"')"
tq_ktap_finish
