#!/bin/bash
# A running container whose status the kernel's files cannot tell (its
# freezer state, its init's /proc/PID/stat unreadable: a file whose read
# fails with EIO mounted over it) is "unknown", never "running" or "stopped": pause, resume,
# exec, kill and delete without -f refuse and say which file could not be
# read; once the file reads again, all is as before.
. "$(dirname "$0")/../lib/common.sh"
need_root

B=$TESTS_TMP/b
bundle_with "$B" sleep 100
MOUNTED=()
unmount_all() {
	for m in "${MOUNTED[@]}"; do umount "$m" 2>/dev/null; done
	MOUNTED=()
}
trap 'unmount_all; cleanup_all' EXIT

# hide FILE: this shell's /proc/PID/mem over it, which opens and whose read
# at offset 0 (nothing mapped there) fails with EIO
hide() {
	mount --bind "/proc/$$/mem" "$1" && MOUNTED+=("$1")
}

# the file the container's freezer state is read from: the v1 freezer's
# freezer.state, else the cgroup2 directory's cgroup.events
freezer_file() {
	local pid=$1 rel v2
	rel=$(awk -F: '$2 == "freezer" {print $3}' "/proc/$pid/cgroup")
	if [ -n "$rel" ]; then
		echo "/sys/fs/cgroup/freezer$rel/freezer.state"
		return
	fi
	rel=$(awk -F: '$1 == "0" {print $3}' "/proc/$pid/cgroup")
	v2=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
	echo "$v2$rel/cgroup.events"
}

# refuses NAME WORDS COMMAND...: the ct command fails and says WORDS
refuses() {
	local name=$1 words=$2 err rc
	shift 2
	err=$(ct "$@" 2>&1 </dev/null)
	rc=$?
	check "$name fails" [ "$rc" != 0 ]
	check "$name says why" contains "$err" "$words"
}

id=$(new_id)
quiet ct run -d -b "$B" "$id"
pid=$(ct state "$id" | jq -r .pid)
F=$(freezer_file "$pid")
check "the freezer state file is there" test -f "$F"

hide "$F"
check "freezer state unread: the status is unknown" \
	equals "$(ct state "$id" | jq -r .status)" unknown
why="container '$id': whether it is paused cannot be read from its freezer cgroup"
refuses "freezer state unread: pause" "cannot pause $why" pause "$id"
refuses "freezer state unread: resume" "cannot resume $why" resume "$id"
refuses "freezer state unread: exec" "cannot exec in $why" exec "$id" true
refuses "freezer state unread: kill" "cannot signal $why" kill "$id" KILL
refuses "freezer state unread: delete" "is not stopped: unknown" delete "$id"
check "...init lives on" test -d "/proc/$pid"
unmount_all
check "freezer state read again: running" equals "$(ct state "$id" | jq -r .status)" running
quiet ct pause "$id"
check "...pause works" equals "$(ct state "$id" | jq -r .status)" paused
quiet ct resume "$id"

hide "/proc/$pid/stat"
check "init's stat unread: the status is unknown" \
	equals "$(ct state "$id" | jq -r .status)" unknown
why="container '$id': whether its init (pid $pid) runs cannot be read from /proc"
refuses "init's stat unread: exec" "cannot exec in $why" exec "$id" true
refuses "init's stat unread: kill" "cannot signal $why" kill "$id" KILL
refuses "init's stat unread: delete" "is not stopped: unknown" delete "$id"
check "...init lives on" test -d "/proc/$pid"
unmount_all
check "init's stat read again: running" equals "$(ct state "$id" | jq -r .status)" running
quiet ct exec "$id" true
check "...exec works" equals "$?" 0
quiet ct delete -f "$id"
check "...delete -f leaves nothing" leaves_nothing "$id"

finish
