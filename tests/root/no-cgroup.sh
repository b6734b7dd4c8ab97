#!/bin/bash
# --cgroup-manager disabled (crun's option; podman's --cgroups=disabled): no
# cgroup of the container's own in any hierarchy, its processes in the
# caller's; limits said not applied; exec, ps, kill --all and delete work
# without one, pause and update say why they cannot; nothing is left.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
ctd() { ct --cgroup-manager disabled "$@"; }
mine=$(grep -E ':(memory|pids):' /proc/self/cgroup | cut -d: -f2,3 | sort | tr '\n' ' ')

bundle_with "$B" sh -c 'grep -E ":(memory|pids):" /proc/self/cgroup | cut -d: -f2,3 | sort | tr "\n" " "'
edit_config "$B" 'del(.linux.resources.memory)'
run_in_disabled() {
	local id
	id=$(new_id)
	LAST_ID=$id
	OUT=$(timeout -s KILL 300 "$CT" --root "$CT_ROOT" --cgroup-manager disabled run -b "$B" "$id" \
		2>"$TESTS_TMP/stderr" </dev/null)
	RC=$?
	ERR=$(cat "$TESTS_TMP/stderr")
}
run_in_disabled
check "run succeeds" equals "$RC:$ERR" "0:"
check "the process is in the caller's cgroups" equals "$OUT" "$mine"
check "no cgroup directory is made" leaves_nothing "$LAST_ID" "$B"

# limits: not applied, and said so (as crun, no error: an engine's
# defaults come with them)
edit_config "$B" '.linux.resources.memory = {"limit": 268435456} | .linux.resources.pids = {"limit": 100}'
run_in_disabled
check "with limits: run succeeds" equals "$RC" 0
check "...the caller's cgroups still" equals "$OUT" "$mine"
check "...a warning names them" contains "$ERR" \
	"ct: warning: memory limit and the container's other limits are not applied: it has no cgroup of its own"
check "...and nothing is left" leaves_nothing "$LAST_ID" "$B"

# a running one: exec, ps, pause, update, kill --all, delete
bundle_with "$B" sh -c 'sleep 300 & sleep 301 & wait'
id=$(new_id)
quiet ctd run -d -b "$B" "$id"
check "run -d" equals "$(status_of "$id")" running
check "no cgroup of its own while it runs" test -z "$(find /sys/fs/cgroup -maxdepth 6 -type d -name "$id" 2>/dev/null)"
check "exec runs in the caller's cgroups too" equals \
	"$(ct exec "$id" sh -c 'grep -E ":(memory|pids):" /proc/self/cgroup | cut -d: -f2,3 | sort | tr "\n" " "')" "$mine"
check "ps lists its processes (from its pid namespace)" \
	equals "$(ct ps -f json "$id" | jq length)" 3
check "pause: says why not" equals "$(ct pause "$id" 2>&1)" "ct: container '$id' has no cgroup"
check "update: says why not" equals "$(ct update --memory 300M "$id" 2>&1)" \
	"ct: update: container '$id' has no cgroup"
ct kill --all "$id" KILL
for _ in $(seq 50); do [ "$(status_of "$id")" = stopped ] && break; sleep 0.1; done
check "kill --all ends every process" equals "$(status_of "$id")" stopped
quiet ct delete "$id"
check "delete leaves nothing" leaves_nothing "$id" "$B"

# the option's words
check "--cgroup-manager: an unknown manager is refused" equals \
	"$(ct --cgroup-manager cgroupv3 list 2>&1)" "ct: --cgroup-manager: 'cgroupv3' is not cgroupfs, systemd or disabled"
bundle_with "$B" true
id=$(new_id)
quiet ct --cgroup-manager cgroupfs run -b "$B" "$id"
check "--cgroup-manager cgroupfs: the default" equals "$?" 0
finish
