#!/bin/bash
# Limits of the host, met: an empty cpuset parent someone else made, an init
# the OOM killer kills during create, an init frozen by a freezer cgroup of
# someone else, leaked empty cgroups, ids at and past their bounds.
. "$(dirname "$0")/../lib/common.sh"
need_root

B=$TESTS_TMP/b
bundle_with "$B" sleep 100

# an empty cpuset parent (made here, as another tool or a killed call would
# leave it): create fills it from its parent and succeeds
CPUSET=/sys/fs/cgroup/cpuset
if [ -d "$CPUSET" ]; then
	parent=$CPUSET/ctt$$-cpuset
	mkdir "$parent"
	check "the test's cpuset parent starts empty" equals "$(cat "$parent/cpuset.cpus")" ""
	bundle_with "$TESTS_TMP/cs" sleep 100
	edit_config "$TESTS_TMP/cs" '.linux.cgroupsPath = $p' --arg p "/ctt$$-cpuset/c"
	id=$(new_id)
	ct create -b "$TESTS_TMP/cs" "$id" >"$TESTS_TMP/cs.out" 2>&1 </dev/null
	check "create below an empty cpuset parent succeeds" equals "$(cat "$TESTS_TMP/cs.out")" ""
	check "the empty parent's cpuset.cpus is filled" equals "$(cat "$parent/cpuset.cpus")" \
		"$(cat "$CPUSET/cpuset.cpus")"
	check "...and its cpuset.mems" equals "$(cat "$parent/cpuset.mems")" "$(cat "$CPUSET/cpuset.mems")"
	check "...whose cgroup.clone_children ct leaves as it was" equals \
		"$(cat "$parent/cgroup.clone_children")" 0
	quiet ct delete -f "$id"
	check "...and the container goes" leaves_nothing "$id"
	rmdir /sys/fs/cgroup/*/ctt$$-cpuset 2>/dev/null

	# a parent ct makes hands cpus and mems down to the containers below it
	edit_config "$TESTS_TMP/cs" '.linux.cgroupsPath = $p' --arg p "/ctt$$-made/c"
	id=$(new_id)
	quiet ct create -b "$TESTS_TMP/cs" "$id"
	check "a cpuset parent ct makes has cgroup.clone_children set" equals \
		"$(cat "$CPUSET/ctt$$-made/cgroup.clone_children")" 1
	check "...and is filled" equals "$(cat "$CPUSET/ctt$$-made/cpuset.cpus")" \
		"$(cat "$CPUSET/cpuset.cpus")"
	edit_config "$TESTS_TMP/cs" '.linux.cgroupsPath = $p' --arg p "/ctt$$-made/d"
	id2=$(new_id)
	quiet ct create -b "$TESTS_TMP/cs" "$id2"
	check "...a second container below it has its cpus" equals \
		"$(cat "$CPUSET/ctt$$-made/d/cpuset.cpus")" "$(cat "$CPUSET/cpuset.cpus")"
	check "...and its mems" equals "$(cat "$CPUSET/ctt$$-made/d/cpuset.mems")" \
		"$(cat "$CPUSET/cpuset.mems")"
	quiet ct delete -f "$id"
	quiet ct delete -f "$id2"
	check "...and both go" leaves_nothing "$id2"
	rmdir /sys/fs/cgroup/*/ctt$$-made 2>/dev/null
else
	ok "# SKIP no v1 cpuset hierarchy"
fi

# init OOM-killed during create: the error names the memory limit
bundle_with "$TESTS_TMP/oom" sleep 100
edit_config "$TESTS_TMP/oom" '.linux.resources.memory.limit = 4096'
id=$(new_id)
err=$(ct create -b "$TESTS_TMP/oom" "$id" 2>&1 </dev/null)
check "an OOM-killed init fails the create" contains "$err" "container init exited before READY (init was killed by SIGKILL)"
check "...and the error says the OOM killer did it" contains "$err" "the OOM killer killed it"
check "...and the error names the memory limit" contains "$err" "memory limit 4096 bytes"
check "...and leaves nothing" leaves_nothing "$id"

# a leaked empty cgroup at the container's path is taken over; one with a
# process in it is refused with the reason (in the v1 pids hierarchy)
if [ -d /sys/fs/cgroup/pids ]; then
id=$(new_id)
own=$(awk -F: '$2 == "pids" {print $3}' /proc/self/cgroup)
leak=/sys/fs/cgroup/pids${own%/}/ct/$id
mkdir -p "$leak"
ct create -b "$B" "$id" >"$TESTS_TMP/leak.out" 2>&1 </dev/null
check "an empty leaked cgroup does not block the id" equals "$(cat "$TESTS_TMP/leak.out")" ""
quiet ct delete -f "$id"
check "...and goes with the container" leaves_nothing "$id"
id=$(new_id)
busy=/sys/fs/cgroup/pids${own%/}/ct/$id
mkdir -p "$busy"
sleep 100 &
sleeper=$!
echo "$sleeper" >"$busy/cgroup.procs"
err=$(ct create -b "$B" "$id" 2>&1 </dev/null)
check "a cgroup with a process in it is refused" contains "$err" "cgroup '$busy' already exists and has processes in it"
check "...and not touched" equals "$(cat "$busy/cgroup.procs")" "$sleeper"
kill "$sleeper"
wait "$sleeper" 2>/dev/null
rmdir "$busy"
check "...and nothing else is left" leaves_nothing "$id"
else
	ok "# SKIP no v1 pids hierarchy"
fi

# init frozen by a freezer cgroup of someone else: delete -f gives up within
# its bound (10 s) with an error, and succeeds once the freezer is thawed
FREEZER=/sys/fs/cgroup/freezer
if [ -d "$FREEZER" ]; then
	id=$(new_id)
	quiet ct run -d -b "$B" "$id"
	pid=$(ct state "$id" | jq -r .pid)
	frz=$FREEZER/ctt$$-frozen
	mkdir "$frz"
	echo "$pid" >"$frz/cgroup.procs"
	echo FROZEN >"$frz/freezer.state"
	for _ in $(seq 100); do
		[ "$(cat "$frz/freezer.state")" = FROZEN ] && break
		sleep 0.1
	done
	err=$(timeout 120 "$CT" --root "$CT_ROOT" delete -f "$id" 2>&1)
	rc=$?
	check "delete -f of a foreign-frozen init returns (no endless wait)" [ "$rc" != 124 ]
	check "...with an error that says init is still there" contains "$err" "init (pid $pid) is still there 10 s after SIGKILL"
	echo THAWED >"$frz/freezer.state"
	err=$(ct delete -f "$id" 2>&1)
	check "once thawed, delete -f succeeds" equals "$err" ""
	check "...and leaves nothing" leaves_nothing "$id"
	rmdir "$frz"
else
	ok "# SKIP no v1 freezer hierarchy"
fi

# hybrid: no controller is enabled in the unified hierarchy's root (the host
# manager's); a limit that needs one there is refused and says why
U=/sys/fs/cgroup/unified
if [ -f "$U/cgroup.subtree_control" ] && ! grep -qw hugetlb "$U/cgroup.subtree_control"; then
	before=$(cat "$U/cgroup.subtree_control")
	bundle_with "$TESTS_TMP/hy" sleep 100
	edit_config "$TESTS_TMP/hy" '.linux.resources.unified = {"hugetlb.2MB.max": "1000"}'
	id=$(new_id)
	err=$(ct create -b "$TESTS_TMP/hy" "$id" 2>&1 </dev/null)
	check "hybrid: a limit needing a controller in the unified root is refused" \
		contains "$err" "cgroup controller 'hugetlb' is not enabled in '$U/cgroup.subtree_control', a cgroup ct did not make"
	check "...and the root's subtree_control is untouched" equals "$(cat "$U/cgroup.subtree_control")" "$before"
	check "...and nothing is left" leaves_nothing "$id"
else
	ok "# SKIP not a hybrid host without hugetlb in the unified root"
fi

# ids: 255 characters work, 256 and a leading '.' are refused with the rule
long=$(printf 'a%.0s' $(seq 255))
ct create -b "$B" "$long" >"$TESTS_TMP/long.out" 2>&1 </dev/null
check "a 255-character id is created" equals "$(cat "$TESTS_TMP/long.out")" ""
quiet ct delete -f "$long"
check "...and deleted" leaves_nothing "$long"
err=$(ct create -b "$B" "${long}b" 2>&1 </dev/null)
check "a 256-character id is refused with the rule" contains "$err" "use 1-255 characters of [A-Za-z0-9_+.-], not starting with '.'"
err=$(ct create -b "$B" ".hidden" 2>&1 </dev/null)
check "an id starting with '.' is refused" contains "$err" "invalid container id '.hidden'"

finish
