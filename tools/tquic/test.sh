#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP tests of the tquic status tool, for hosts without the tquic driver:
# devices are only looked for, never found; test_link covers the decoding.
# Usage: test.sh [BINARY]; BINARY defaults to $TQUIC, then ./tquic.
# $TEST_LINK names the parser unit test program.
set -u

here=$(cd "$(dirname "$0")" && pwd)
TQUIC=${1:-${TQUIC:-$here/tquic}}
TEST_LINK=${TEST_LINK:-$here/test_link}
. "$here/../tap.sh"

# run [PREFIX...] -- ARGS...: runs PREFIX tquic ARGS, sets rc, out, err.
run() {
	local pre=()

	until [ "$1" = -- ]; do
		pre+=("$1")
		shift
	done
	out=$("${pre[@]}" "$TQUIC" "${@:2}" </dev/null 2>"$tmp/err")
	rc=$?
	err=$(<"$tmp/err")
}

quiet_ok() { [ "$rc" = 0 ] && [ -z "$out" ] && [ -z "$err" ]; }
empty_json() {
	[ "$rc" = 0 ] && [ -z "$err" ] && [ "$out" = "[]" ] &&
		jq -e 'type == "array" and length == 0' <<<"$out" >/dev/null
}
# fails MESSAGE: exit 1, MESSAGE first on stderr, nothing on stdout.
fails() { [ "$rc" = 1 ] && [ -z "$out" ] && [ "${err%%$'\n'*}" = "$1" ]; }

echo "TAP version 13"

# --- a fresh network namespace: no tquic devices --------------------------
netns_tests=("show in a new netns prints nothing" "no command means show"
	     "-j show in a new netns prints []" "show -j works as well"
	     "veth devices are not listed" "show of a veth device")
# Devices of other kinds carry IFLA_LINKINFO too and must be passed over.
with_veth='ip link add v0 type veth peer name v1 && exec "$0" "$@"'

if ! unshare -n true 2>/dev/null; then
	for name in "${netns_tests[@]}"; do
		skip "$name" "unshare -n not permitted"
	done
else
	run unshare -n -- show
	quiet_ok
	tap "${netns_tests[0]}"
	run unshare -n --
	quiet_ok
	tap "${netns_tests[1]}"
	run unshare -n -- -j show
	empty_json
	tap "${netns_tests[2]}"
	run unshare -n -- show -j
	empty_json
	tap "${netns_tests[3]}"

	if unshare -n sh -c "$with_veth" true 2>/dev/null; then
		run unshare -n sh -c "$with_veth" --
		quiet_ok
		tap "${netns_tests[4]}"
		run unshare -n sh -c "$with_veth" -- show v0
		fails "tquic: v0 is not a tquic device"
		tap "${netns_tests[5]}"
	else
		skip "${netns_tests[4]}" "no veth support"
		skip "${netns_tests[5]}" "no veth support"
	fi
fi

# --- this namespace -------------------------------------------------------
run -- -j show
[ "$rc" = 0 ] && jq -e 'type == "array"' <<<"$out" >/dev/null
tap "-j show here is valid JSON"
run -- show lo
fails "tquic: lo is not a tquic device"
tap "show lo"
run -- -j show lo
fails "tquic: lo is not a tquic device"
tap "-j show lo"
run -- show nosuchdev
fails "tquic: nosuchdev: no such device"
tap "show of a missing device"
run -- show a-name-longer-than-ifnamsiz
fails "tquic: a-name-longer-than-ifnamsiz: no such device"
tap "show of an impossible name"

# --- command line ---------------------------------------------------------
run -- help
[ "$rc" = 0 ] && [[ $out == Usage:* ]]
tap "help: usage on stdout"
run -- frobnicate
fails "tquic: unknown command 'frobnicate'"
tap "unknown command"
run -- show lo extra
fails "tquic: unexpected argument 'extra'"
tap "show with two devices"
run -- -x show
fails "tquic: unknown option '-x'"
tap "unknown option"

# --- decoding and printing, on hand-made messages -------------------------
sample_tests=("netlink parser unit tests" "JSON of sample devices"
	      "text of sample devices")
if [ ! -x "$TEST_LINK" ]; then
	for name in "${sample_tests[@]}"; do
		skip "$name" "$TEST_LINK not built"
	done
	echo "1..$n"
	[ "$failed" = 0 ]
	exit
fi

echo "# Subtest: link"
"$TEST_LINK" 2>&1 | sed 's/^/    /'
rc=${PIPESTATUS[0]} out='' err=''
[ "$rc" = 0 ]
tap "${sample_tests[0]}"

out=$("$TEST_LINK" json 2>"$tmp/err")
rc=$? err=$(<"$tmp/err")
c=1099511627
jq -e --argjson c "$c" '
	def n($k): $c * 1000 + $k;
	def p($id; $k): $id * 1000 + $k;
	def u64($id; $k): 1099511627776 + p($id; $k);
	def path($id; $dev; $state):
		{id: $id, dev: $dev, state: $state, backup: ($id == 1),
		 srtt_us: p($id; 6), rttvar_us: p($id; 7),
		 cwnd: u64($id; 8), inflight: u64($id; 9),
		 tx_packets: u64($id; 10), tx_bytes: u64($id; 11),
		 rx_packets: u64($id; 12), rx_bytes: u64($id; 13),
		 lost: u64($id; 14), retransmitted: u64($id; 15),
		 failures: u64($id; 16)};
	length == 6 and
	.[0] == {ifname: "tq0", ifindex: 42, operstate: "UP", carrier: true,
		 mode: "active-backup",
		 peer: {address: "192.0.2.1", port: 4433}, listen_port: 4434,
		 reorder_timeout: 200,
		 public_key: null, peer_key: null, psk: null, cipher: null,
		 keepalive: null, rekey_time: null,
		 slaves: [{ifname: "lo", ifindex: 1, oper_up: true,
			   backup: false, weight: 250},
			  {ifname: null, ifindex: 999999, oper_up: false,
			   backup: true, weight: 100},
			  {ifname: "lo", ifindex: 1, oper_up: null,
			   backup: null, weight: null}],
		 stats: null} and
	(.[3] | del(.slaves, .ifname) | . == {
		ifindex: 42, operstate: "UP", carrier: true,
		mode: "active-backup",
		peer: {address: "192.0.2.1", port: 4433}, listen_port: 4434,
		reorder_timeout: 200,
		public_key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		peer_key: "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
		psk: true, cipher: "chacha20-poly1305", keepalive: 25,
		rekey_time: 120,
		stats: {session: "established", key_phase: 1, srtt_us: 12345,
			rttvar_us: 678,
			rx_malformed: n(778), rx_unknown_cid: n(779),
			rx_auth_failed: n(780), rx_replayed: n(781),
			rx_bad_inner: n(782), hs_rx_invalid: n(783),
			hs_rx_replayed: n(784), hs_rx_dropped: n(785),
			hs_cookies_sent: n(786), hs_initiations_sent: n(787),
			hs_completed: n(788), tx_no_session: n(789),
			tx_no_route: n(790), tx_too_big: n(791),
			tx_errors: n(792), keepalives_sent: n(793),
			acks_sent: n(794), acks_received: n(795),
			tx_no_path: n(796), tx_retransmitted: n(797),
			path_failures: n(798), rx_duplicate: n(799),
			path_migrations: n(804), tx_amp_limited: n(805),
			reorder_held: n(800), reorder_late: n(801),
			reorder_dropped: n(802), reorder_timeouts: n(803),
			hs_rx_ratelimited: n(806),
			rekeys_at_limit: n(807), tx_key_limit: n(808),
			keys_forged_out: n(809), crypto_missing: n(810),
			paths: [path(0; "lo"; "active"),
				path(1; "if999999"; "failed")]}}) and
	.[4].public_key == null and .[4].peer_key == null and
	.[4].psk == false and .[4].cipher == "unknown(4)" and
	.[4].keepalive == 0 and .[4].rekey_time == 5 and
	.[4].reorder_timeout == 0 and
	.[4].stats.session == "none" and .[4].stats.srtt_us == 0 and
	.[4].stats.tx_no_session == 3 and .[4].stats.key_phase == null and
	([.[4].stats[] | select(. == null)] | length) == 35 and
	.[5].stats.paths == [{id: 7, dev: null, state: "unknown(6)",
		backup: null, srtt_us: null, rttvar_us: null, cwnd: null,
		inflight: null, tx_packets: null, tx_bytes: null,
		rx_packets: null, rx_bytes: null, lost: 5,
		retransmitted: null, failures: null}] and
	.[5].stats.session == null and
	.[1].ifname == "tq\"\\\u0001\u00ff" and
	.[1].peer == {address: "2001:db8::1", port: 443} and
	.[1].mode == null and .[1].listen_port == null and
	.[1].slaves == [] and
	.[2].ifname == "tq\u00fc" and .[2].carrier == null and
	.[2].operstate == "unknown(25)" and .[2].mode == "unknown(7)" and
	.[2].peer == null' <<<"$out" >/dev/null
tap "${sample_tests[1]}"

expected=(
	"interface: tq0" "  state: UP" "  carrier: on" "  mode: active-backup"
	"  peer: 192.0.2.1:4433" "  listen port: 4434"
	"  reorder timeout: 200 ms" "  slave: lo (up), weight 250"
	"  slave: ifindex 999999 (down), weight 100, backup" "  slave: lo" ""
	$'interface: tq"\\\x01\xff' "  state: UP" "  carrier: on"
	"  peer: [2001:db8::1]:443" ""
	$'interface: tq\xc3\xbc' "  state: unknown(25)" "  mode: unknown(7)"
	"  slave: lo (up)" ""
	"interface: tq3" "  state: UP" "  carrier: on" "  mode: active-backup"
	"  peer: 192.0.2.1:4433" "  listen port: 4434"
	"  reorder timeout: 200 ms"
	"  public key: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	"  peer key: ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="
	"  psk: on" "  cipher: chacha20-poly1305" "  keepalive: every 25 s"
	"  rekey time: 120 s" "  slave: lo (up), weight 250"
	"  slave: ifindex 999999 (down), weight 100, backup"
	"  slave: lo" "  session: established, key phase 1"
	"  rtt: 12.345 ms, variation 0.678 ms"
	"  rx dropped: malformed ${c}778 unknown-cid ${c}779 auth-failed ${c}780 replayed ${c}781 bad-inner ${c}782"
	"  handshake: rx-invalid ${c}783 rx-replayed ${c}784 rx-dropped ${c}785 rx-ratelimited ${c}806 cookies-sent ${c}786 initiations-sent ${c}787 completed ${c}788"
	"  tx: no-session ${c}789 no-route ${c}790 too-big ${c}791 errors ${c}792 keepalives-sent ${c}793 acks-sent ${c}794 acks-received ${c}795"
	"  multipath: no-path ${c}796 retransmitted ${c}797 path-failures ${c}798 duplicates ${c}799 migrations ${c}804 amp-limited ${c}805"
	"  reorder: held ${c}800 late ${c}801 dropped ${c}802 timeouts ${c}803"
	"  keys: rekeys-at-limit ${c}807 tx-key-limit ${c}808 forged-out ${c}809 crypto-missing ${c}810"
	"  path 0 dev lo state active srtt 6us rttvar 7us cwnd ${c}784 inflight ${c}785 tx ${c}786/${c}787 rx ${c}788/${c}789 lost ${c}790 retrans ${c}791 failures ${c}792"
	"  path 1 dev if999999 state failed backup srtt 1006us rttvar 1007us cwnd $((c + 1))784 inflight $((c + 1))785 tx $((c + 1))786/$((c + 1))787 rx $((c + 1))788/$((c + 1))789 lost $((c + 1))790 retrans $((c + 1))791 failures $((c + 1))792"
	""
	"interface: tq4" "  state: UP" "  carrier: on" "  listen port: 4433"
	"  reorder timeout: off"
	"  psk: off" "  cipher: unknown(4)" "  keepalive: off" "  rekey time: 5 s"
	"  session: none" "  tx: no-session 3" ""
	"interface: tq5" "  state: UP" "  carrier: on"
	"  path 7 dev - state unknown(6) lost 5"
)
"$TEST_LINK" text >"$tmp/text" 2>&1
out=$(printf '%s\n' "${expected[@]}" | diff - "$tmp/text")
rc=$? err=''
tap "${sample_tests[2]}"

tap_finish
