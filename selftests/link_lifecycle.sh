#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Life of a tquic link: create, show, change, keys and their secrecy,
# statistics, slaves that change under it, many create/delete cycles,
# namespaces, module unload with links up.
# shellcheck source=lib/tunnel.sh
. "$(dirname "$0")/lib/tunnel.sh"
tq_require ip jq modprobe rmmod tquic tquic-keygen od base64

tq_test_setup lc A B D E
# The module unload test makes its links in the initial namespace.
tq_at_cleanup "ip link del tq-init 2>/dev/null; ip link del tq-lc-u0 2>/dev/null"

ipa() { ip -n "$A" "$@"; }
flags() { ipa -j link show dev "$1" | jq -r '.[0].flags | join(",")'; }
has_flag() { [[ ",$(flags "$1")," == *",$2,"* ]]; }
# info JQ: evaluate JQ on tquic0's configuration as ip -j -d shows it.
info() { tq_info "$A" tquic0 "$1"; }
slaves_of() { info '[.slaves[]?.ifname] | join(" ")'; }
slave_up() { info ".slaves[] | select(.ifname == \"$1\") | .up"; }

tq_ktap_begin 62
ip netns add $A && ip netns add $B && ip netns add $D && ip netns add $E
ipa link add w0a type veth peer w0b
ipa link add w1a type veth peer w1b
ipa addr add 192.0.2.1/24 dev w0a
ipa link set w0a up && ipa link set w0b up

# --- create and show --------------------------------------------------------
tq_check "create with two slaves" \
	ipa link add tquic0 type tquic slaves w0a w1a peer 198.51.100.7 port 4433
tq_expect_eq "json: kind" tquic \
	"$(ipa -j -d link show tquic0 | jq -r '.[0].linkinfo.info_kind')"
tq_expect_eq "json: slaves in order" "w0a w1a" "$(slaves_of)"
tq_expect_eq "json: peer, port, mode" '"198.51.100.7" 4433 "aggregate" null' \
	"$(info '"\(.peer|tojson) \(.port) \(.mode|tojson) \(.listen)"')"
text=$(ipa -d link show tquic0)
tq_check "text: ip -d prints the configuration" \
	grep -q "tquic slaves w0a w1a peer 198.51.100.7 port 4433 mode aggregate" <<< "$text"
tq_expect_eq "tquic show reads the same link" '"w0a w1a" "198.51.100.7" 4433' \
	"$(ip netns exec $A tquic -j show tquic0 | jq -r '.[0] | "\([.slaves[].ifname] | join(" ") | tojson) \(.peer.address | tojson) \(.peer.port)"')"
tq_check "point-to-point, no ARP, no link-layer address" \
	bash -c "[[ '$(flags tquic0)' == *POINTOPOINT*NOARP* ]]"
tq_expect_eq "default MTU leaves room for the worst-case overhead" 1402 \
	"$(ipa -j link show tquic0 | jq '.[0].mtu')"

# --- keys and tunnel options ---------------------------------------------------
tquic-keygen genkey -o "$tmp/a.key" && tquic-keygen genkey -o "$tmp/b.key" &&
	tquic-keygen psk -o "$tmp/psk"
printf 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n' > "$tmp/zero.psk"
chmod 600 "$tmp/zero.psk"
apub=$(tquic-keygen pubkey < "$tmp/a.key")
bpub=$(tquic-keygen pubkey < "$tmp/b.key")
hex() { base64 -d < "$1" | od -An -tx1 | tr -d ' \n'; }
# Every spelling of the secrets that could leak: base64 as given, raw hex.
secrets=("$(cat "$tmp/a.key")" "$(hex "$tmp/a.key")" "$(cat "$tmp/b.key")"
	 "$(hex "$tmp/b.key")" "$(cat "$tmp/psk")" "$(hex "$tmp/psk")")
# no_secret TEXT: none of the secrets is in TEXT.
no_secret() {
	local s
	for s in "${secrets[@]}"; do
		if grep -qiF -- "$s" <<< "$1"; then
			echo "# a secret leaked"
			return 1
		fi
	done
}
kinfo() { tq_info "$A" tqk "$1"; }

dmesg -c > /dev/null
tq_check "create with private-key, peer-key, psk, cipher, keepalive, rekey-time" \
	ipa link add tqk type tquic slaves w0a peer 198.51.100.7 port 4433 \
	private-key "$tmp/a.key" peer-key "$bpub" psk "$tmp/psk" \
	cipher chacha20-poly1305 keepalive 25 rekey-time 5
tq_expect_eq "kernel's public key is tquic-keygen pubkey's" "$apub" \
	"$(kinfo .public_key)"
tq_expect_eq "peer key round-trips" "$bpub" "$(kinfo .peer_key)"
tq_expect_eq "json: psk shown as true, cipher, keepalive, rekey_time" \
	'true "chacha20-poly1305" 25 5' \
	"$(kinfo '"\(.psk) \(.cipher|tojson) \(.keepalive) \(.rekey_time)"')"
text=$(ipa -d link show tqk)
tq_check "text: public-key peer-key psk on cipher keepalive rekey-time" \
	grep -qF "public-key $apub peer-key $bpub psk on cipher chacha20-poly1305 keepalive 25 rekey-time 5 " <<< "$text"
tq_check "no private key or psk in ip -d, ip -j -d, ip -s, tquic show, dmesg" \
	no_secret "$text
$(ipa -j -d link show tqk) $(ipa -s -d -j link show tqk)
$(ipa -s -d link show tqk) $(ip netns exec $A tquic -j show tqk)
$(ip netns exec $A tquic show tqk) $(dmesg)"

ipa link add tqd type tquic slaves w0a listen 4433
tq_expect_eq "defaults: no keys, no psk, aes-128-gcm, keepalive 25, rekey-time 120" \
	'null null false "aes-128-gcm" 25 120' \
	"$(tq_info $A tqd '"\(.public_key) \(.peer_key) \(.psk) \(.cipher|tojson) \(.keepalive) \(.rekey_time)"')"
tq_expect_eq "defaults: aggregate, reorder-timeout 200, no backup, weight 100" \
	'"aggregate" 200 [{"ifname":"w0a","up":true,"backup":false,"weight":100}]' \
	"$(tq_info $A tqd '"\(.mode|tojson) \(.reorder_timeout) \(.slaves|tojson)"')"
tq_check "text: no weight or backup for a slave with the defaults" \
	grep -q "tquic slaves w0a listen 4433 mode aggregate " <<< "$(ipa -d link show tqd)"

tq_check "change keys, cipher, timers; an all-zero psk clears it" \
	ipa link set tqk type tquic private-key "$tmp/b.key" peer-key "$apub" \
	psk "$tmp/zero.psk" cipher aes-128-gcm keepalive 0 rekey-time 120
tq_expect_eq "the change took effect" \
	"\"$bpub\" \"$apub\" false \"aes-128-gcm\" 0 120" \
	"$(kinfo '"\(.public_key|tojson) \(.peer_key|tojson) \(.psk) \(.cipher|tojson) \(.keepalive) \(.rekey_time)"')"
ipa link set tqk type tquic peer-key "$bpub" rekey-time 0 2>/dev/null
tq_expect_eq "rejected key change leaves the keys as they were" \
	"$apub 120" "$(kinfo '"\(.peer_key) \(.rekey_time)"')"
tq_check "rekey now, on a link with keys" ipa link set tqk type tquic rekey

# --- statistics -----------------------------------------------------------------
stats=$(ipa -s -d -j link show tqk | jq -c '.[0].linkinfo.info_xstats')
tq_expect_eq "ip -s -j: every statistic, each once" \
	"acks_received acks_sent crypto_missing hs_completed hs_cookies_sent hs_initiations_sent hs_rx_dropped hs_rx_invalid hs_rx_ratelimited hs_rx_replayed keepalives_sent key_phase keys_forged_out path_failures path_migrations paths rekeys_at_limit reorder_dropped reorder_held reorder_late reorder_timeouts rttvar_us rx_auth_failed rx_bad_inner rx_duplicate rx_malformed rx_replayed rx_unknown_cid session srtt_us tx_amp_limited tx_errors tx_key_limit tx_no_path tx_no_route tx_no_session tx_retransmitted tx_too_big" \
	"$(jq -r 'keys | join(" ")' <<< "$stats")"
# stats_typed JSON: the session is a state name, paths a list, the rest
# are numbers.
stats_typed() {
	jq -e '(.session | IN("none", "handshake", "established")) and
	       (.paths | type) == "array" and
	       ([.[] | numbers] | length) == 36' <<< "$1" > /dev/null
}
tq_check "ip -s -j: session is a state name, counters are numbers" \
	stats_typed "$stats"
# stats_block TEXT: ip -s -d printed the session line and each counter group.
stats_block() {
	local n='[0-9]+'
	grep -qE "^    session (none|handshake|established) key-phase [01] srtt ${n}us rttvar ${n}us$" <<< "$1" &&
	grep -qE "^    rx dropped: malformed $n unknown-cid $n auth-failed $n replayed $n bad-inner $n$" <<< "$1" &&
	grep -qE "^    handshake: rx-invalid $n rx-replayed $n rx-dropped $n rx-ratelimited $n cookies-sent $n initiations-sent $n completed $n$" <<< "$1" &&
	grep -qE "^    tx: no-session $n no-route $n too-big $n errors $n keepalives-sent $n acks-sent $n acks-received $n$" <<< "$1" &&
	grep -qE "^    multipath: no-path $n retransmitted $n path-failures $n duplicates $n migrations $n amp-limited $n$" <<< "$1" &&
	grep -qE "^    reorder: held $n late $n dropped $n timeouts $n$" <<< "$1" &&
	grep -qE "^    keys: rekeys-at-limit $n tx-key-limit $n forged-out $n crypto-missing $n$" <<< "$1"
}
tq_check "ip -s -d: a block of statistics" stats_block "$(ipa -s -d link show tqk)"
tq_expect_eq "tquic show: the same statistics" "$(jq -c keys <<< "$stats")" \
	"$(ip netns exec $A tquic -j show tqk | jq -c '.[0].stats | keys')"
ipa link del tqk && ipa link del tqd

# --- multipath options ------------------------------------------------------------
tq_check "create with per-slave weight and backup, reorder-timeout" \
	ipa link add tqmp type tquic slaves w0a weight 250 w1a backup \
	peer 198.51.100.7 port 4433 mode active-backup reorder-timeout 75
mpinfo() { tq_info "$A" "$1" "$2"; }
tq_expect_eq "json: slaves with up, backup, weight; reorder_timeout" \
	'[{"ifname":"w0a","up":true,"backup":false,"weight":250},{"ifname":"w1a","up":false,"backup":true,"weight":100}] 75 "active-backup"' \
	"$(mpinfo tqmp '"\(.slaves|tojson) \(.reorder_timeout) \(.mode|tojson)"')"
# tquic_opts DEV: what the plugin printed of DEV's options; reorder-timeout
# comes last, ip's own details of the link follow on the same line.
tquic_opts() {
	ipa -d link show "$1" |
		sed -n 's/^    tquic \(.* reorder-timeout [0-9]* \).*/\1/p'
}
text=$(tquic_opts tqmp)
tq_check "text: options after the slave they apply to" \
	grep -q "^slaves w0a weight 250 w1a backup peer 198.51.100.7 port 4433 mode active-backup .*reorder-timeout 75 $" <<< "$text"
# shellcheck disable=SC2086 # the printed options, word by word
tq_check "the printed options create the same link" \
	ipa link add tqrt type tquic $text
tq_expect_eq "both links say the same" "$(mpinfo tqmp 'del(.slaves[].up) | tojson')" \
	"$(mpinfo tqrt 'del(.slaves[].up) | tojson')"
tq_check "set: a new slave list with its own options, reorder-timeout 0" \
	ipa link set tqmp type tquic slaves w1a weight 10000 w0a \
	reorder-timeout 0
tq_expect_eq "the old options went with the old list" \
	'[{"ifname":"w1a","backup":false,"weight":10000},{"ifname":"w0a","backup":false,"weight":100}] 0' \
	"$(mpinfo tqmp '"\(.slaves | map(del(.up)) | tojson) \(.reorder_timeout)"')"
tq_check "text: reorder-timeout 0, a weight of 10000" \
	grep -q "^slaves w1a weight 10000 w0a peer .* reorder-timeout 0 $" <<< "$(tquic_opts tqmp)"
ipa link set tqmp type tquic slaves w1a weight 0 2>/dev/null
tq_expect_eq "a refused weight changes nothing" '[10000,100] 0' \
	"$(mpinfo tqmp '"\([.slaves[].weight] | tojson) \(.reorder_timeout)"')"
tq_expect_eq "tquic show: weights, backup flags and reorder timeout" \
	'[[10000,false],[100,false]] 0' \
	"$(ip netns exec $A tquic -j show tqmp | jq -c '.[0] | "\([.slaves[] | [.weight, .backup]] | tojson) \(.reorder_timeout)"' -r)"
ipa link del tqmp && ipa link del tqrt

# --- default MTU follows the narrowest slave --------------------------------------
ipa link set w1a mtu 1400
ipa link add tqm type tquic slaves w0a w1a listen 4433
tq_expect_eq "default MTU: narrowest slave (1400) less the overhead" 1302 \
	"$(ipa -j link show tqm | jq '.[0].mtu')"
ipa link del tqm
ipa link add tqm mtu 1280 type tquic slaves w0a w1a listen 4433
tq_expect_eq "an explicit mtu wins" 1280 "$(ipa -j link show tqm | jq '.[0].mtu')"
ipa link del tqm
ipa link set w1a mtu 1500

# --- slaves are used, not captured -------------------------------------------
tq_expect_eq "slave keeps its address" 192.0.2.1 \
	"$(ipa -j addr show w0a | jq -r '.[0].addr_info[] | select(.family == "inet") | .local')"
tq_expect_eq "slave keeps its route" w0a \
	"$(ipa -j route show 192.0.2.0/24 | jq -r '.[0].dev')"
tq_expect_eq "slave has no master" null \
	"$(ipa -j link show w0a | jq -r '.[0].master')"

# --- change -------------------------------------------------------------------
tq_check "change slaves, mode, ports" \
	ipa link set tquic0 type tquic slaves w1a mode redundant port 5000 listen 6000
tq_expect_eq "change took effect" '"w1a" 5000 6000 "redundant"' \
	"$(info '"\(.slaves[0].ifname|tojson) \(.port) \(.listen) \(.mode|tojson)"')"
ipa link set tquic0 type tquic slaves w0a w0a mode aggregate 2>/dev/null
tq_expect_eq "rejected change leaves the link as it was" '"w1a" "redundant"' \
	"$(info '"\(.slaves[0].ifname|tojson) \(.mode|tojson)"')"
tq_check "change back to two slaves" ipa link set tquic0 type tquic slaves w0a w1a

# --- carrier follows the slaves ------------------------------------------------
ipa link set tquic0 up
ipa link set w1a down
ipa link set w0a down
tq_check "no slave up: NO-CARRIER" tq_wait_for 5 has_flag tquic0 NO-CARRIER
tq_expect_eq "slave shown down" false "$(slave_up w0a)"
ipa link set w1b up && ipa link set w1a up
tq_check "one slave up: LOWER_UP" tq_wait_for 5 has_flag tquic0 LOWER_UP
tq_expect_eq "slave shown up" true "$(slave_up w1a)"
tq_expect_eq "tquic show lists the paths ip -s -d -j does" \
	"$(ipa -s -d -j link show tquic0 | jq -c '[.[0].linkinfo.info_xstats.paths[] | [.id, .dev, .state]]')" \
	"$(ip netns exec $A tquic -j show tquic0 | jq -c '[.[0].stats.paths[] | [.id, .dev, .state]]')"

# --- slaves changing under a live link -----------------------------------------
ipa link set w1a down && ipa link set w1a name wan1 && ipa link set wan1 up
tq_expect_eq "renamed slave shown by its new name" "w0a wan1" \
	"$(slaves_of)"
dmesg -c > /dev/null
ipa link del w0a
tq_expect_eq "deleted slave dropped from the link" "wan1" \
	"$(slaves_of)"
tq_expect_eq "one message for the dropped slave" 1 \
	"$(dmesg | grep -c 'slave w0a unregistered, dropped')"
ipa link set wan1 netns $B
tq_expect_eq "slave moved to another netns is dropped" null \
	"$(info '.slaves | tojson')"
tq_check "no slave left: NO-CARRIER" tq_wait_for 5 has_flag tquic0 NO-CARRIER
tq_check "moved slave is whole in its new netns" ip -n $B -br link show wan1

# --- 200 create/delete cycles ----------------------------------------------------
# One ip process sends them all: the kernel's side of a cycle is what is
# tested, and starting ip 400 times would take most of the time (a tenth of
# a second each in the test VM). A leaked reference would keep a link's
# deletion (or, below, its slave's) waiting; kmemleak checks the memory.
ipa link add w2a type veth peer w2b
for i in $(seq 200); do
	echo "link add tqc$i type tquic slaves w2a listen 4433"
	echo "link del tqc$i"
done > "$tmp/cycles"
start=$SECONDS
ipa -force -batch "$tmp/cycles" 2> "$tmp/cycles.err"
rc=$?
echo "# 200 create/delete cycles in $((SECONDS - start)) s"
tq_expect_eq "200 create/delete cycles all succeed (exit, failed commands)" "0 0" \
	"$rc $(grep -c '^Command failed' "$tmp/cycles.err")"
[ $rc = 0 ] || head -n 4 "$tmp/cycles.err" | sed 's/^/#   /'
tq_check "slave of 200 dead links is free to go" timeout 10 ip -n $A link del w2a

# --- namespaces --------------------------------------------------------------------
ip -n $D link add w3a type veth peer w3b netns $E
ip -n $D link add tquic0 type tquic slaves w3a listen 4433
tq_expect_eq "link in a non-init netns is not seen in init" 0 \
	"$(tq_count_tquic)"
ip netns del $D
tq_check "netns deletion with a live link frees its slave" \
	tq_wait_for 10 bash -c "! ip -n $E link show w3b 2>/dev/null"

# --- module unload with links up -----------------------------------------------------
ip link add tq-lc-u0 type veth peer tq-lc-u1
ip link add tq-init type tquic slaves tq-lc-u0 peer 198.51.100.9 port 4433
ip link set tq-init up
tq_check "module unloads with links up in two namespaces" timeout 20 rmmod tquic
tq_expect_eq "no tquic links survive the unload" "0 0" \
	"$(tq_count_tquic) $(tq_count_tquic -n $A)"
tq_check "module loads again and links work" \
	bash -c "modprobe tquic && ip link add tq-init type tquic slaves tq-lc-u0 listen 1 && ip link del tq-init"
tq_ktap_finish
