#!/bin/bash
# A container's sysctls may only change a kernel namespace it has for itself:
# with the host's IPC, network or UTS namespace (not listed, or joined by a
# path that is the host's), or for a sysctl no namespace holds, the config is
# refused before anything is made, and the host's values stay as they were.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
host_values() {
	cat /proc/sys/fs/mqueue/queues_max /proc/sys/kernel/shmmni /proc/sys/net/ipv4/ping_group_range \
		/proc/sys/kernel/domainname /proc/sys/vm/swappiness | tr '\t\n' '  '
}
before=$(host_values)

# refused NAME JQ-FILTER EXPECTED-ERROR
refused() {
	local name=$1 filter=$2 want=$3 id
	bundle_with "$B" true
	edit_config "$B" "$filter"
	id=$(new_id)
	out=$(ct run -b "$B" "$id" 2>&1)
	check "$name: refused" contains "$out" "$want"
	check "$name: leaves nothing" leaves_nothing "$id" "$B"
}
no_ns() { echo ".linux.namespaces |= map(select(.type != \"$1\"))"; }

refused "fs.mqueue with the host's ipc namespace" \
	"$(no_ns ipc) | .linux.sysctl = {\"fs.mqueue.queues_max\": \"77\"}" \
	'sysctl "fs.mqueue.queues_max" is not allowed in the host'"'"'s ipc namespace'
refused "kernel.shmmni with the host's ipc namespace" \
	"$(no_ns ipc) | .linux.sysctl = {\"kernel.shmmni\": \"77\"}" \
	'sysctl "kernel.shmmni" is not allowed in the host'"'"'s ipc namespace'
refused "ipc namespace joined by the host's own path" \
	'.linux.namespaces |= map(if .type == "ipc" then .path = "/proc/self/ns/ipc" else . end) | .linux.sysctl = {"kernel.shmmni": "77"}' \
	'sysctl "kernel.shmmni" is not allowed in the host'"'"'s ipc namespace'
refused "net.* with the host's network namespace" \
	"$(no_ns network) | .linux.sysctl = {\"net.ipv4.ping_group_range\": \"0 0\"}" \
	'sysctl "net.ipv4.ping_group_range" not allowed in host network namespace'
refused "net/ipv4/... written with slashes" \
	"$(no_ns network) | .linux.sysctl = {\"net/ipv4/ping_group_range\": \"0 0\"}" \
	'sysctl "net/ipv4/ping_group_range" not allowed in host network namespace'
refused "kernel.domainname with the host's uts namespace" \
	"$(no_ns uts) | del(.hostname) | .linux.sysctl = {\"kernel.domainname\": \"evil\"}" \
	'sysctl "kernel.domainname" is not allowed in the host'"'"'s uts namespace'
refused "kernel.hostname" \
	'.linux.sysctl = {"kernel.hostname": "evil"}' \
	'sysctl "kernel.hostname" is not allowed as it conflicts with the OCI "hostname" field'
refused "a sysctl of no namespace" \
	'.linux.sysctl = {"vm.swappiness": "1"}' \
	'sysctl "vm.swappiness" is not in a separate kernel namespace'
check "the host's values are unchanged" equals "$(host_values)" "$before"

# with namespaces of its own, the same sysctls are the container's
bundle_with "$B" sh -c 'cat /proc/sys/fs/mqueue/queues_max /proc/sys/kernel/domainname'
edit_config "$B" '.linux.sysctl = {"fs.mqueue.queues_max": "77", "kernel.domainname": "inside"}'
run_in "$B"
check "own ipc and uts namespaces: set inside" equals "$(echo $OUT)" "77 inside"
check "and the host's values are still unchanged" equals "$(host_values)" "$before"
finish
