#!/bin/bash
# Calls on one id at the same time: a create under way is never taken for a
# dead one, a delete waits for the create or run that holds the id, and
# every loser says what happened in words (no raw path errors); nothing is
# left behind.
. "$(dirname "$0")/../lib/common.sh"
need_root
TRIES=${TRIES:-50}

B=$TESTS_TMP/b
bundle_with "$B" sleep 100

# A round of calls on $id writes each one's stderr to $TESTS_TMP/e.NAME.
# settle TRY TEST: WRONG names an error TEST finds wrong, BAD what delete -f
# failed to remove; false when either is set
settle() {
	local try=$1 test=$2 e err left
	for e in "$TESTS_TMP"/e.*; do
		"$test" "$e" && wrong="try $try, ${e##*/e.}: $(cat "$e")"
	done
	err=$(timeout 60 "$CT" --root "$CT_ROOT" delete -f "$id" 2>&1 </dev/null) ||
		bad="try $try: delete -f: $err"
	left=$(leftovers "$id")
	[ -n "$left" ] && bad="try $try: left: $left"
	[ -z "$bad$wrong" ]
}
verdict() {
	[ -z "$wrong" ] || diag "$wrong"
	check "$1: each error says what happened" equals "$wrong" ""
	[ -z "$bad" ] || diag "$bad"
	check "$1: delete -f leaves nothing" equals "$bad" ""
	bad= wrong=
}
# a raw errno of a step (a cgroup file or namespace gone with a delete,
# init's death told as a broken pipe) without what happened before it
bare_errno() {
	grep -e "No such file" -e "Broken pipe" -e "No such process" "$1" |
		grep -q -v -e "stopped during the exec: " -e "was deleted meanwhile: "
}
# a live create taken for a dead one, a directory removed under a create or
# start, or a bare errno
state_mixup() {
	grep -q -e "did not finish" -e "removing what it made" "$1" || bare_errno "$1"
}

# run -d, two delete -f, pause, exec and kill of one id at once, TRIES times
id=$(new_id)
bad= wrong=
for ((i = 1; i <= TRIES; i++)); do
	ct run -d -b "$B" "$id" >/dev/null 2>"$TESTS_TMP/e.run" </dev/null &
	ct delete -f "$id" >/dev/null 2>"$TESTS_TMP/e.delete1" </dev/null &
	ct pause "$id" >/dev/null 2>"$TESTS_TMP/e.pause" </dev/null &
	ct exec "$id" true >/dev/null 2>"$TESTS_TMP/e.exec" </dev/null &
	ct kill "$id" 9 >/dev/null 2>"$TESTS_TMP/e.kill" </dev/null &
	ct delete -f "$id" >/dev/null 2>"$TESTS_TMP/e.delete2" </dev/null &
	wait
	settle "$i" state_mixup || break
done
verdict "calls at once on one id"

# on a created container: two starts, pause, resume, update, list, state,
# delete -f, exec and ps at once
id=$(new_id)
for ((i = 1; i <= TRIES / 2; i++)); do
	quiet ct create -b "$B" "$id"
	rm -f "$TESTS_TMP"/e.*
	ct start "$id" >/dev/null 2>"$TESTS_TMP/e.start1" </dev/null &
	ct start "$id" >/dev/null 2>"$TESTS_TMP/e.start2" </dev/null &
	ct pause "$id" >/dev/null 2>"$TESTS_TMP/e.pause" </dev/null &
	ct resume "$id" >/dev/null 2>"$TESTS_TMP/e.resume" </dev/null &
	ct update --memory 100M "$id" >/dev/null 2>"$TESTS_TMP/e.update" </dev/null &
	ct list >/dev/null 2>"$TESTS_TMP/e.list" </dev/null &
	ct state "$id" >/dev/null 2>"$TESTS_TMP/e.state" </dev/null &
	ct delete -f "$id" >/dev/null 2>"$TESTS_TMP/e.delete" </dev/null &
	ct exec "$id" true >/dev/null 2>"$TESTS_TMP/e.exec" </dev/null &
	ct ps "$id" >/dev/null 2>"$TESTS_TMP/e.ps" </dev/null &
	wait
	settle "$i" bare_errno || break
done
verdict "calls at once on a created container"

# a create held in its createRuntime hook: other calls see it is under way,
# a delete -f waits for it (no warning of a dead create) and then removes it
H=$TESTS_TMP/h
bundle_with "$H" sleep 100
edit_config "$H" '.hooks.createRuntime = [{"path": "/bin/sh", "args": ["sh", "-c",
	("touch " + $d + "/in-hook; sleep 1")]}]' --arg d "$TESTS_TMP"
id=$(new_id)
rm -f "$TESTS_TMP/in-hook"
ct create -b "$H" "$id" >"$TESTS_TMP/create.out" 2>&1 </dev/null &
creator=$!
for _ in $(seq 300); do
	[ -e "$TESTS_TMP/in-hook" ] && break
	sleep 0.01
done
check "state of a create under way says so" equals "$(ct state "$id" 2>&1)" \
	"ct: container '$id' has no state record yet (a create or delete of it is under way)"
check "kill of a create under way says so" contains "$(ct kill "$id" 9 2>&1)" "a create or delete of it is under way"
err=$(ct delete -f "$id" 2>&1)
rc=$?
wait "$creator"
create_rc=$?
check "delete -f of a create under way succeeds" equals "$rc" 0
check "...with no warning" equals "$err" ""
check "...after the create itself succeeded" equals "$create_rc/$(cat "$TESTS_TMP/create.out")" 0/
check "...and leaves nothing" equals "$(leftovers "$id")" ""

# ct run holds the id until the container is started: a delete -f sent
# while a startContainer hook runs ends after the run. The run's last step
# under the id is its poststart hook, so the hook's line is the run's end as
# the delete sees it (a line the shell writes after ct exits is not: the
# delete may end and write first once the run has released the id).
S=$TESTS_TMP/s
bundle_with "$S" sleep 100
edit_config "$S" '.hooks.startContainer = [{"path": "/bin/sh", "args": ["sh", "-c", "sleep 1; touch /hook-done"]}]
	| .hooks.poststart = [{"path": "/bin/sh", "args": ["sh", "-c", "echo started >>" + $o]}]' \
	--arg o "$TESTS_TMP/order"
id=$(new_id)
: >"$TESTS_TMP/order"
ct run -d -b "$S" "$id" >"$TESTS_TMP/run.out" 2>&1 </dev/null &
runner=$!
for _ in $(seq 300); do
	[ "$(ct state "$id" 2>/dev/null | jq -r .status 2>/dev/null)" = running ] && break
	sleep 0.01
done
ct delete -f "$id" >"$TESTS_TMP/delete.out" 2>&1
echo "delete $?" >>"$TESTS_TMP/order"
wait "$runner"
run_rc=$?
check "delete -f during run's start: run succeeds" equals "$run_rc" 0
check "...its start is done before the delete ends" \
	equals "$(tr '\n' ' ' <"$TESTS_TMP/order")" "started delete 0 "
check "...run says nothing" equals "$(cat "$TESTS_TMP/run.out")" ""
check "...after the start it waited for was done (its hook ran to the end)" [ -e "$S/rootfs/hook-done" ]
check "...and nothing is left" equals "$(leftovers "$id")" ""

# execs while the container stops: each one that fails says the container
# stopped (before it or during it), not only the step that failed
E=$TESTS_TMP/e
bundle_with "$E" sleep 0.05
: >"$TESTS_TMP/exec.err"
for _ in 1 2 3 4; do
	id=$(new_id)
	quiet ct run -d -b "$E" "$id"
	for _ in $(seq 40); do
		ct exec "$id" true </dev/null >/dev/null 2>>"$TESTS_TMP/exec.err" &
		ct exec "$id" true </dev/null >/dev/null 2>>"$TESTS_TMP/exec.err"
	done
	wait
	quiet ct delete -f "$id"
done
odd=$(grep -v -e "cannot exec in a stopped container" -e "container '[^']*' stopped during the exec: " \
	"$TESTS_TMP/exec.err" | sort -u)
check "execs while the container stops: each error says it stopped" equals "$odd" ""
diag "$(grep -c . "$TESTS_TMP/exec.err") execs failed, $(grep -c "during the exec" "$TESTS_TMP/exec.err") of them part way"

finish
