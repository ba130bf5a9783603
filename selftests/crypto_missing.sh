#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A kernel without the AEAD of a cipher: its module (gcm for aes-128-gcm,
# chacha20poly1305 for chacha20-poly1305, modular in every kernel we test)
# unloaded and module loading turned off (kernel.modprobe is false).
#   - ip link add, and a change of cipher, are refused with a message
#     naming the cipher and the missing algorithm;
#   - a link made while the AEAD was there, whose handshake finds it gone,
#     counts each keypair it cannot make (crypto_missing) and says so
#     once in the kernel log, not once per attempt;
#   - once modules load again, all is well without touching the links.
# shellcheck source=lib/tunnel.sh
. "$(dirname "$0")/lib/tunnel.sh"
tq_require ip jq ping rmmod modprobe dmesg tquic-keygen

tq_test_setup cm

MODPROBE=/proc/sys/kernel/modprobe
modprobe_path=$(cat $MODPROBE)
FALSE=$(command -v false)
# Loading comes back on however the test ends, and the modules with it.
tq_at_cleanup "echo $modprobe_path > $MODPROBE; modprobe -q gcm; modprobe -q chacha20poly1305"
no_loading() { echo "$FALSE" > $MODPROBE; }
loading() { echo "$modprobe_path" > $MODPROBE; }
# unload MODULE: out of the kernel once the last key using it is freed
# (keys of earlier tests go after an RCU grace period).
unload() {
	modprobe -q "$1" && tq_wait_for 10 rmmod "$1" 2> /dev/null
}
AES="Error: cipher aes-128-gcm: the kernel has no gcm(aes)."
CHACHA="Error: cipher chacha20-poly1305: the kernel has no rfc7539(chacha20,poly1305)."
LOG="tquic: tquic0: cannot make keys: the kernel has no gcm(aes)"

# said EXPECTED CMD...: CMD fails and ip's message is EXPECTED, one line.
said() {
	local want=$1 err
	shift
	err=$("$@" 2>&1 >/dev/null) && return 1
	echo "#   said: $err"
	grep -qxF -- "$want" <<< "$err"
}

tq_ktap_begin 15
tq_wan $C $S
tq_check "gcm unloaded" unload gcm
tq_check "chacha20poly1305 unloaded" unload chacha20poly1305
no_loading

# --- refused at once ------------------------------------------------------------------------
ADD="ip -n $S link add tquic0 type tquic slaves wan listen $TQ_PORT"
tq_check "add, default cipher: refused, naming gcm(aes)" said "$AES" $ADD
tq_check "add, cipher aes-128-gcm: refused, naming gcm(aes)" said "$AES" $ADD cipher aes-128-gcm
tq_check "add, cipher chacha20-poly1305: refused, naming rfc7539(chacha20,poly1305)" \
	said "$CHACHA" $ADD cipher chacha20-poly1305
tq_expect_eq "no link was made" 0 "$(tq_count_tquic -n $S)"
loading
tq_check "with module loading back, the same link is made (gcm loads)" $ADD
no_loading
tq_check "change to chacha20-poly1305: refused, naming rfc7539(chacha20,poly1305)" \
	said "$CHACHA" ip -n $S link set tquic0 type tquic cipher chacha20-poly1305
tq_expect_eq "the link keeps its cipher" aes-128-gcm "$(tq_info $S tquic0 .cipher)"
ip -n $S link del tquic0

# --- found missing at the handshake -----------------------------------------------------------
# The links are made with gcm at hand; their first keys go down with them,
# and gcm goes before they come up again.
loading
tq_check "tunnel up" tq_tunnel $C $S "$tmp" $TQ_S4
tq_check "handshake, pings" tq_up $C
ip -n $C link set tquic0 down
ip -n $S link set tquic0 down
tq_check "gcm unloaded under the idle links" unload gcm
no_loading
logged=$(dmesg | grep -cF "$LOG")
ip -n $S link set tquic0 up
ip -n $C link set tquic0 up
# The client resends its initiation after 1, 2, 4 s: the server answers
# none, each time short of a keypair.
ip netns exec $C ping -q -c 8 -i 1 -W 1 $TQ_IN_S4 > /dev/null 2>&1
tq_check "no session without the AEAD ($(tq_xstat $S crypto_missing) keypairs not made)" \
	test "$(tq_xstat $S crypto_missing)" -ge 2 -a "$(tq_xstat $C session)" != established
tq_expect_eq "the kernel log says so once: '$LOG'" 1 \
	"$(($(dmesg | grep -cF "$LOG") - logged))"
loading
ip -n $C link set tquic0 type tquic rekey
# (IPv4 only: the down and up took the inner IPv6 addresses.)
tq_check "with module loading back, the handshake completes" \
	tq_wait_for 30 tq_pings $C $TQ_IN_S4
tq_ktap_finish
