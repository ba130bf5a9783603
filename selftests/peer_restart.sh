#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The client's tquic0 is deleted and created again (a reboot, a
# reconfiguration) after a few pings: its tunnel sequence numbers start
# from 0 again, numbers the server's reorder window remembers as
# delivered. The server must take them for a restart, not for duplicates,
# within about a second (TQUIC_REORDER_RESTART_US). Before, a peer
# recreated after fewer than the window's 1024 packets was heard again
# only once its numbers passed the old ones: at one ping a second, never
# in a test's time (the debug kernel's server_roaming.sh found it).
# shellcheck source=lib/tunnel.sh
. "$(dirname "$0")/lib/tunnel.sh"
# shellcheck source=lib/goodput.sh
. "$(dirname "$0")/lib/goodput.sh"
tq_require ip jq ping tquic-keygen

tq_test_setup rs

# pings100: 100 pings client -> server, all answered.
pings100() {
	ip netns exec $C ping -q -c 100 -i 0.01 -W 1 $TQ_IN_S4 > /dev/null
}

tq_ktap_begin 8
tq_check "tunnel" eval "tq_wan $C $S && tq_tunnel $C $S $tmp $TQ_S4"
tq_check "handshake, pings" tq_up $C
tq_check "100 pings client -> server" pings100
dups=$(tq_xstat $S rx_duplicate)
ip -n $C link del tquic0
tq_check "the client again, same keys" tq_client $C "$tmp" $TQ_S4
# The handshake takes milliseconds here, seconds on the debug kernel.
ms=$(tq_took_ms 30 tq_pings $C $TQ_IN_S4)
echo "#   the recreated client's first answered ping after $ms ms; the server dropped $(($(tq_xstat $S rx_duplicate) - dups)) of its packets as duplicates"
tq_check "the server hears the recreated client" test "$ms" != never
tq_check_rate "within 3 s (the handshake, then a second of duplicates)" \
	eval '[ "$ms" != never ] && [ "$ms" -le 3000 ]'
tq_check "server -> client pings" tq_pings $S $TQ_IN_C4
tq_expect_eq "the server completed a second handshake" 2 "$(tq_xstat $S hs_completed)"
tq_ktap_finish
