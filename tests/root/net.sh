#!/bin/bash
# Networking through config.json: lo is up in every new network namespace;
# linux.netDevices moves a host device in (renamed, with its address, up),
# and, as runtime-spec says, never out again on delete (a virtual device
# goes with the namespace); a failed create gives it back; without a new
# network namespace it is refused. The host device is one end of a veth
# pair the test makes (kernels without the dummy driver have veth).
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
H="ctt$$a" # the host device
P="ctt$$b" # its peer, left on the host

net_cleanup() {
	ip link del "$H" 2>/dev/null
	ip link del "$P" 2>/dev/null
	cleanup_all
}
trap net_cleanup EXIT

on_host() { ip link show dev "$1" >/dev/null 2>&1; }
# gone DEV: not on the host within 10 s (a namespace is freed asynchronously,
# and the peer of a veth that went with it only then)
gone() {
	local i
	for i in $(seq 100); do
		on_host "$1" || return 0
		sleep 0.1
	done
	diag "$1 still on the host"
	return 1
}
# a fresh pair: the last test's pair may still be going away with its namespace
make_dev() {
	ip link del "$H" 2>/dev/null
	ip link del "$P" 2>/dev/null
	gone "$H" && gone "$P" &&
		ip link add "$H" type veth peer name "$P" && ip addr add 10.77.0.1/24 dev "$H"
}
with_net_dev() {
	edit_config "$B" '.linux.netDevices = {($h): {"name": $n}}' --arg h "$H" --arg n "$1"
}

check "features: netDevices enabled" equals "$(ct features | jq -r .linux.netDevices.enabled)" true

bundle_with "$B" ip -o link show dev lo
run_in "$B"
check "lo is up in a new network namespace" contains "$OUT" "<LOOPBACK,UP"

# moved in, renamed, with its address, up
make_dev
bundle_with "$B" sh -c 'ip -o addr show dev eth7; ip -o link show dev eth7'
with_net_dev eth7
run_in "$B"
check "netDevices: runs" equals "$RC" 0
[ "$RC" = 0 ] || diag "$ERR"
check "netDevices: inside under its new name, with its address" contains "$OUT" "inet 10.77.0.1/24"
check "netDevices: up inside" contains "$OUT" ",UP"
check "netDevices: gone from the host" bash -c "! ip link show dev $H >/dev/null 2>&1"
ct delete "$LAST_ID" >/dev/null 2>&1
check "netDevices: delete leaves nothing" leaves_nothing "$LAST_ID" "$B"

# delete of a live container: not moved out (runtime-spec, "Namespace
# Lifecycle"): a veth is destroyed with the namespace, its peer with it
make_dev
bundle_with "$B" sleep 100
with_net_dev eth7
id=$(new_id)
quiet ct create -b "$B" "$id"
check "netDevices: create" equals "$?" 0
pid=$(ct state "$id" | jq -r .pid)
check "netDevices: inside the created container" \
	contains "$(nsenter -t "$pid" -n ip -o link show dev eth7 2>&1)" "eth7"
quiet ct delete -f "$id"
check "netDevices: delete -f succeeds" equals "$?" 0
check "netDevices: not moved back; the veth went with the namespace" gone "$P"
check "netDevices: delete -f leaves nothing" leaves_nothing "$id" "$B"

# a create that fails after the move gives the device back
make_dev
bundle_with "$B" /no/such/binary
with_net_dev eth7
run_in "$B"
check "failed create: fails" bash -c "[ $RC != 0 ]"
check "failed create: says why" contains "$ERR" "no such file or directory"
check "failed create: the device is back on the host" on_host "$H"
check "failed create: with its address" contains "$(ip -o addr show dev "$H")" "10.77.0.1/24"
check "failed create: leaves nothing" leaves_nothing "$LAST_ID" "$B"

# refused before anything happens
bundle_with "$B" true
with_net_dev eth7
edit_config "$B" '.linux.namespaces |= map(select(.type != "network"))'
run_in "$B"
check "no network namespace: fails" bash -c "[ $RC != 0 ]"
check "no network namespace: says so" contains "$ERR" \
	"linux.netDevices: network devices need a new network namespace"
check "no network namespace: the device stays" on_host "$H"
check "no network namespace: leaves nothing" leaves_nothing "$LAST_ID" "$B"

bundle_with "$B" true
with_net_dev "eth 7"
run_in "$B"
check "bad name: says which" contains "$ERR" \
	"linux.netDevices.$H: net: invalid device name 'eth 7': no '/', ':' or white space"
bundle_with "$B" true
with_net_dev "a-name-of-16-chr"
run_in "$B"
check "long name: says which" contains "$ERR" \
	"device name 'a-name-of-16-chr' is longer than 15 characters"

bundle_with "$B" true
edit_config "$B" '.linux.netDevices = {($h): {}}' --arg h "ctt$$z"
run_in "$B"
check "missing device: fails" bash -c "[ $RC != 0 ]"
check "missing device: says which" contains "$ERR" "net: find device 'ctt$$z': No such device"
check "missing device: leaves nothing" leaves_nothing "$LAST_ID" "$B"
check "missing device: the other device is untouched" on_host "$H"

finish
