#!/bin/bash
# Containers in a pod's pid namespace (containerd's CRI path): when such a
# container's init exits, its children live on in the pod's namespace and in
# the container's cgroup. `kill --all ID 9` of the stopped container reaches
# them, and `delete ID` kills what is left (as runc).
. "$(dirname "$0")/../lib/common.sh"
need_root
P=$TESTS_TMP/pod
B=$TESTS_TMP/b

# wait_for CMD...: up to 30 s for CMD to succeed
wait_for() {
	for _ in $(seq 300); do "$@" && return 0; sleep 0.1; done
	return 1
}
# the pids in the container's cgroup (the pids controller's, or any)
cgroup_pids() {
	local d
	d=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "$1" 2>/dev/null | head -1)
	[ -n "$d" ] && cat "$d/cgroup.procs"
}
# dead PID: gone, or a zombie (the pod's init does not reap it)
dead() { [ ! -e "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status"; }
no_pids() { [ -z "$(cgroup_pids "$1")" ]; }

# the pod: its init holds the pid namespace
pod=$(new_id)
bundle_with "$P" sleep 600
quiet ct run -d -b "$P" "$pod"
podpid=$(ct state "$pod" | jq -r .pid)

# start_member ID: a container in the pod's pid namespace whose init leaves
# a child behind; sets LEFT to the child's host pid
start_member() {
	bundle_with "$B" sh -c 'sleep 600 & echo started'
	edit_config "$B" '(.linux.namespaces[] | select(.type == "pid")) .path = $p' \
		--arg p "/proc/$podpid/ns/pid"
	quiet ct run -d -b "$B" "$1"
	wait_status "$1" stopped 30
	LEFT=$(cgroup_pids "$1")
}

id=$(new_id)
start_member "$id"
check "member: stopped once its init exits" equals "$(status_of "$id")" stopped
check "member: its child lives on in its cgroup" bash -c "[ -n '$LEFT' ] && kill -0 $LEFT"
ERR=$(ct kill "$id" 9 2>&1)
check "kill of the stopped member without --all fails" contains "$ERR" "container not running: '$id'"
check "kill --all ID 9 of the stopped member succeeds" ct kill --all "$id" 9
check "kill --all: the child is killed" wait_for dead "$LEFT"
check "kill --all: its cgroup is empty" wait_for no_pids "$id"
check "delete after kill --all" ct delete "$id"
check "member: leaves nothing" leaves_nothing "$id" "$B"

id=$(new_id)
start_member "$id"
check "second member: its child lives on" bash -c "[ -n '$LEFT' ] && kill -0 $LEFT"
check "delete of the stopped member" ct delete "$id"
check "delete killed the child left in the pod's namespace" wait_for dead "$LEFT"
check "delete: leaves nothing" leaves_nothing "$id" "$B"

check "the pod's init lives on" equals "$(status_of "$pod")" running
quiet ct delete -f "$pod"
check "pod: leaves nothing" leaves_nothing "$pod" "$P"
finish
