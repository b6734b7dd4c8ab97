#!/bin/bash
# Each way a create can fail: a clear error naming what and where, a non-zero
# exit, and nothing left behind (state dir, cgroup, mount, process).
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b

# expect_failure NAME EXPECTED-TEXT: run $B, check status, message, leftovers
expect_failure() {
	local name=$1 text=$2
	run_in "$B"
	check "$name: fails" bash -c "[ $RC != 0 ]"
	check "$name: says '$text'" contains "$ERR" "$text"
	check "$name: leaves nothing" leaves_nothing "$LAST_ID" "$B"
}

bundle_with "$B" /no/such/binary
expect_failure "missing binary (path)" 'exec: "/no/such/binary": stat /no/such/binary: no such file or directory'

bundle_with "$B" nosuchcommand
expect_failure "missing binary (PATH lookup)" 'exec: "nosuchcommand": executable file not found in $PATH'

# no PATH in the process's environment: a bare name is not searched for in
# a default one (as runc and crun); a path still runs
bundle_with "$B" true
edit_config "$B" '.process.env = ["A=1"]'
expect_failure "a bare name without PATH" 'exec: "true": executable file not found in $PATH'
edit_config "$B" '.process.args = ["/bin/true"]'
run_in "$B"
check "...a path without PATH runs" equals "$RC:$ERR" "0:"

bundle_with "$B" /etc/passwd
expect_failure "not executable" 'exec: "/etc/passwd": permission denied'

bundle_with "$B" true
edit_config "$B" '.mounts += [{"destination": "/x", "type": "bind", "source": "/no/such/source", "options": ["bind"]}]'
expect_failure "missing bind source" "bind mount source '/no/such/source': No such file or directory"

bundle_with "$B" true
edit_config "$B" '.mounts += [{"destination": "/x", "type": "nosuchfs", "source": "none"}]'
expect_failure "unknown filesystem" "mount 'none' (nosuchfs) on '/x': No such device"

bundle_with "$B" true
edit_config "$B" '.linux.resources.cpu = {"cpus": "99"}'
expect_failure "cpuset the kernel rejects" "cpuset.cpus"

bundle_with "$B" true
edit_config "$B" '.linux.sysctl = {"net.no.such.key": "1"}'
expect_failure "unknown sysctl" "sysctl 'net.no.such.key'"

bundle_with "$B" true
edit_config "$B" '.linux.namespaces |= map(select(.type != "uts"))'
expect_failure "hostname without a UTS namespace" "hostname and domainname need a UTS namespace"

bundle_with "$B" true
edit_config "$B" '.linux.namespaces += [{"type": "ipc", "path": "/no/such/ns"}]'
expect_failure "duplicate namespace" "duplicate namespace type 'ipc'"

bundle_with "$B" true
edit_config "$B" '(.linux.namespaces[] | select(.type == "ipc")) .path = "/no/such/ns"'
expect_failure "namespace path that does not exist" "open ipc namespace '/no/such/ns': No such file or directory"

# a FIFO would hold the open forever: opened without blocking, and refused
mkfifo "$TESTS_TMP/fifo"
bundle_with "$B" true
edit_config "$B" '(.linux.namespaces[] | select(.type == "network")) .path = $p' --arg p "$TESTS_TMP/fifo"
expect_failure "namespace path that is a FIFO" "network namespace '$TESTS_TMP/fifo' is not a namespace file"

bundle_with "$B" true
edit_config "$B" '(.linux.namespaces[] | select(.type == "pid")) .path = $p' --arg p "$TESTS_TMP/fifo"
expect_failure "pid namespace path that is a FIFO" "pid namespace '$TESTS_TMP/fifo' is not a namespace file"

bundle_with "$B" true
edit_config "$B" '(.linux.namespaces[] | select(.type == "ipc")) .path = "/proc/self/ns/net"'
expect_failure "namespace path of another type" "ipc namespace '/proc/self/ns/net' is a network namespace"

bundle_with "$B" true
edit_config "$B" '.process.args = []'
expect_failure "empty args" "process.args"

bundle_with "$B" true
echo '{"ociVersion": "1.0.2", "process": ' >"$B/config.json"
expect_failure "broken JSON" "config.json"

bundle_with "$B" true
rm "$B/config.json" && mkfifo "$B/config.json"
expect_failure "config.json a FIFO" "'$B/config.json' is not a regular file"

bundle_with "$B" true
edit_config "$B" '.root.path = "nope"'
expect_failure "missing root" "root.path"


# the same id twice
bundle_with "$B" sleep 30
id=$(new_id)
ct run -d -b "$B" "$id" >/dev/null 2>&1
ERR=$(ct run -b "$B" "$id" 2>&1)
RC=$?
check "an id in use is refused" bash -c "[ $RC != 0 ]"
check "an id in use: message" contains "$ERR" "container '$id' already exists"
ct delete -f "$id"
check "force delete of a running container leaves nothing" leaves_nothing "$id" "$B"

# cgroup v1 with real-time group scheduling: a real-time budget or policy
# that the parent cgroup cannot give is an error that says so
if [ -e /sys/fs/cgroup/cpu/cpu.rt_runtime_us ] && [ "$(cat /sys/fs/cgroup/cpu/ct/cpu.rt_runtime_us 2>/dev/null)" = 0 ]; then
	bundle_with "$B" true
	edit_config "$B" '.linux.resources.cpu = {"realtimeRuntime": 1000, "realtimePeriod": 1000000}'
	expect_failure "a real-time budget beyond the parent's" "the parent cgroup has a smaller real-time budget"
	bundle_with "$B" true
	edit_config "$B" '.process.scheduler = {"policy": "SCHED_FIFO", "priority": 10}'
	expect_failure "SCHED_FIFO without a budget" "a real-time policy needs a real-time budget"
fi

finish
