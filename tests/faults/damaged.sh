#!/bin/bash
# Damaged state records (each with a live init): ct never crashes, says which
# field is wrong, lists the container with a warning, and delete -f kills
# init and removes everything. Then 20 parallel creates of one id.
. "$(dirname "$0")/../lib/common.sh"
need_root

B=$TESTS_TMP/b
bundle_with "$B" sleep 100

# dead: pid is gone or a zombie (its reaper has not come by yet)
dead() {
	local st
	st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 0
	[ "$st" = Z ] && return 0
	diag "pid $1 is alive (state $st)"
	return 1
}

# damage NAME SHELL-CODE EXPECT: a running container, SHELL-CODE run with $S
# the state file and $D its directory, then the checks
damage() {
	local name=$1 code=$2 expect=$3 id pid err out rc
	id=$(new_id)
	quiet ct run -d -b "$B" "$id"
	pid=$(ct state "$id" | jq -r .pid)
	S=$CT_ROOT/$id/state.json D=$CT_ROOT/$id bash -c "$code"
	err=$(ct state "$id" 2>&1)
	rc=$?
	check "$name: state fails" [ "$rc" = 1 ]
	check "$name: state says why" contains "$err" "$expect"
	out=$(ct list 2>"$TESTS_TMP/list.err")
	rc=$?
	check "$name: list does not fail" equals "$rc" 0
	check "$name: list shows it" contains "$out" "$id"
	check "$name: list warns" contains "$(cat "$TESTS_TMP/list.err")" "$expect"
	err=$(ct delete "$id" 2>&1)
	rc=$?
	check "$name: delete without -f refuses" [ "$rc" = 1 ]
	check "$name: ...and names the way out" contains "$err" "'ct delete -f $id' removes it"
	check "$name: ...without a word of removing it" [ "${err/removing what it made/}" = "$err" ]
	err=$(ct delete -f "$id" 2>&1)
	rc=$?
	check "$name: delete -f succeeds" equals "$rc" 0
	check "$name: delete -f warns what was damaged" contains "$err" "$expect"
	check "$name: delete -f kills init" dead "$pid"
	check "$name: delete -f leaves nothing" leaves_nothing "$id"
}

edit() { printf '%s' "jq -c '$1' \"\$S\" > \"\$S.x\" && mv \"\$S.x\" \"\$S\""; }

damage "namespaces not an object" "$(edit '.namespaces = 5')" "'namespaces' is not an object"
damage "a hook list not an array" "$(edit '.hooks = {"prestart": 5}')" "'hooks.prestart' is not an array"
damage "a hook not an object" "$(edit '.hooks = {"prestart": [5]}')" "'hooks.prestart[0]' is not an object"
damage "pid a string" "$(edit '.pid = "12"')" "'pid' is not an integer"
# the root is printed by state as rootfs: an absolute path, or none
damage "root relative" "$(edit '.root = "../../etc"')" "'root' is not an absolute path"
damage "root a number" "$(edit '.root = 5')" "'root' is not a string"
damage "a bad cgroup record" "$(edit '.cgroup.hierarchies[0].dir = "/etc"')" "is not below"
damage "cgroup record a string" "$(edit '.cgroup = "cg1"')" "'cgroup' is not an object"
damage "truncated" 'head -c 30 "$S" > "$S.x" && mv "$S.x" "$S"' "state.json is not a JSON object"
damage "garbage" 'echo "garbage" > "$S"' "state.json is not a JSON object"
damage "an array" 'echo "[1,2]" > "$S"' "state.json is not a JSON object"
damage "state.json removed" 'rm "$S"' "has no state record"
damage "journal and state removed" 'rm "$S" "$D/journal.json"' "has no state record"
damage "the state dir a file" 'rm -rf "$D" && echo x > "$D"' "is not a directory"
# the record read without blocking and only as a regular file: a FIFO held
# state, list and delete -f for good; a directory made delete -f fail
damage "a FIFO" 'rm "$S" && mkfifo "$S"' "'state.json' is not a regular file"
damage "a directory" 'rm "$S" && mkdir -p "$S/a/b" && touch "$S/a/b/f"' \
	"'state.json' is not a regular file"

# ...but a mount found in the state directory is left with what it holds:
# delete -f removes the rest and says which directory stays
id=$(new_id)
quiet ct run -d -b "$B" "$id"
S=$CT_ROOT/$id/state.json
rm "$S" && mkdir -p "$S/m" "$TESTS_TMP/keep" && touch "$TESTS_TMP/keep/precious"
mount --bind "$TESTS_TMP/keep" "$S/m"
err=$(timeout -s KILL 60 "$CT" --root "$CT_ROOT" delete -f "$id" 2>&1)
check "a mount in the state dir: delete -f fails" equals "$?" 1
check "a mount in the state dir: says which directory stays" contains "$err" \
	"remove '$CT_ROOT/$id': Directory not empty"
check "a mount in the state dir: what it holds is kept" test -e "$TESTS_TMP/keep/precious"
umount "$S/m"
quiet ct delete -f "$id"
check "a mount in the state dir: once unmounted, delete -f ends it" leaves_nothing "$id"

# a create held in its createRuntime hook (cgroups made, init in them): list
# shows it as creating; killed there, the hook ends with it, the container is
# stopped with a warning, and delete -f removes everything
H=$TESTS_TMP/hook
bundle_with "$H" sleep 100
edit_config "$H" '.hooks.createRuntime = [{"path": "/bin/sh", "args": ["sh", "-c",
	("echo $$ >" + $d + "/hook.pid; touch " + $d + "/in-hook; i=0; while [ ! -e " + $d + "/gate ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done")]}]' \
	--arg d "$TESTS_TMP"
id=$(new_id)
"$CT" --root "$CT_ROOT" create -b "$H" "$id" >"$TESTS_TMP/held.out" 2>&1 </dev/null &
creator=$!
for _ in $(seq 600); do
	[ -e "$TESTS_TMP/in-hook" ] && break
	sleep 0.1
done
check "the create reaches its hook" [ -e "$TESTS_TMP/in-hook" ]
out=$(ct list 2>"$TESTS_TMP/list.err")
check "a create under way is listed" contains "$out" "$id"
check "...as creating" contains "$(ct list --format json 2>/dev/null | jq -r --arg id "$id" '.[] | select(.id == $id) | .status')" creating
check "...with a warning" contains "$(cat "$TESTS_TMP/list.err")" "container '$id' is being created"
# (the shell's "Killed" notice, printed at the wait, goes with it: it is no TAP line)
{
	kill -9 "$creator"
	wait "$creator"
} 2>/dev/null
hook=$(cat "$TESTS_TMP/hook.pid")
for _ in $(seq 100); do [ -d "/proc/$hook" ] || break; sleep 0.1; done
check "killed in its hook: the hook ends with it" test ! -d "/proc/$hook"
touch "$TESTS_TMP/gate" # (a hook left running ends here)
check "killed in its hook: listed as stopped" contains "$(ct list --format json 2>/dev/null | jq -r --arg id "$id" '.[] | select(.id == $id) | .status')" stopped
check "...with a warning" contains "$(ct list 2>&1 >/dev/null)" "container '$id' has no state record"
err=$(ct delete -f "$id" 2>&1)
check "...delete -f succeeds" equals "$?" 0
check "...and leaves nothing" leaves_nothing "$id"
ct create -b "$B" "$id" >"$TESTS_TMP/again.out" 2>&1 </dev/null
check "...and the id creates again" equals "$(cat "$TESTS_TMP/again.out")" ""
quiet ct delete -f "$id"

# a create that found a broken directory in its way: "already exists" with the way out
id=$(new_id)
echo x >"$CT_ROOT/$id"
err=$(ct create -b "$B" "$id" 2>&1)
check "a file in place of the state dir: create refuses" contains "$err" "container '$id' already exists"
check "...and names the way out" contains "$err" "ct delete -f $id"
quiet ct delete -f "$id"
check "...which removes it" bash -c "[ ! -e '$CT_ROOT/$id' ]"

# a temporary directory of an older create that died stays no more
mkdir "$CT_ROOT/.new-1-abc"
id=$(new_id)
quiet ct create -b "$B" "$id"
check "a dead create's temporary directory is swept" bash -c "[ ! -e '$CT_ROOT/.new-1-abc' ]"
quiet ct delete -f "$id"

# a record whose init start time is another process's: ct takes its init for
# gone (the pid was reused) and the container for stopped, while its
# processes are still in its cgroup; delete -f kills them and removes it all
id=$(new_id)
quiet ct run -d -b "$B" "$id"
pid=$(ct state "$id" | jq -r .pid)
S=$CT_ROOT/$id/state.json
jq -c '.pid_start_time = 1' "$S" >"$S.x" && mv "$S.x" "$S"
check "init's start time not its own: stopped" equals "$(ct state "$id" | jq -r .status)" stopped
err=$(ct delete -f "$id" 2>&1)
check "...delete -f succeeds" equals "$?" 0
check "...without a word" equals "$err" ""
check "...kills what was in its cgroup" dead "$pid"
check "...and leaves nothing" leaves_nothing "$id"

# 20 creates of one id at once: one wins, the others say "already exists"
id=$(new_id)
for i in $(seq 20); do
	(ct create -b "$B" "$id" >"$TESTS_TMP/race.$i.out" 2>&1 </dev/null; echo $? >"$TESTS_TMP/race.$i.rc") &
done
wait
wins=0 clear=0
for i in $(seq 20); do
	if [ "$(cat "$TESTS_TMP/race.$i.rc")" = 0 ]; then
		wins=$((wins + 1))
	elif grep -q "container '$id' already exists" "$TESTS_TMP/race.$i.out"; then
		clear=$((clear + 1))
	else
		diag "loser $i: $(cat "$TESTS_TMP/race.$i.out")"
	fi
done
check "20 racing creates: exactly one wins" equals "$wins" 1
check "20 racing creates: the 19 others say already exists" equals "$clear" 19
check "the winner's container is created" equals "$(ct state "$id" | jq -r .status)" created
quiet ct delete -f "$id"
check "...and deleted leaves nothing" leaves_nothing "$id"

finish
