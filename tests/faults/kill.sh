#!/bin/bash
# SIGKILL of ct create, start, run -d, exec, pause, resume and delete at
# random points (up to 50 ms after it starts), TRIES times each, with a
# plain bundle, one with a user namespace (new, or joined by path) and one
# with hooks; after each, delete -f must leave nothing (state directory,
# temporaries, cgroups in every hierarchy, processes) and the same id must
# create again.
# KILL_SCALE (default 1) stretches every window: a slower machine (the
# emulated cgroup v2 VM: 10) takes as many times longer for each call.
. "$(dirname "$0")/../lib/common.sh"
need_root
KILLER=${KILLER:-$TOP/build/tests/faults/ct-killer}
TRIES=${TRIES:-100}
KILL_SCALE=${KILL_SCALE:-1}

B=$TESTS_TMP/b
bundle_with "$B" sleep 100
# a user namespace: the parent opens the cgroup directories before the clone
U=$TESTS_TMP/u
bundle_with "$U" sleep 100
with_userns "$U"
# a user namespace joined by path (a pod's, held by a process of the
# test's): init is cloned by an intermediate of ct's inside it
unshare -U sleep 100000 </dev/null >/dev/null 2>&1 &
HOLDER=$!
for _ in $(seq 50); do
	[ "$(readlink /proc/$HOLDER/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break
	sleep 0.1
done
echo "0 100000 65536" >/proc/$HOLDER/uid_map
echo "0 100000 65536" >/proc/$HOLDER/gid_map
trap 'kill $HOLDER 2>/dev/null; cleanup_all' EXIT
J=$TESTS_TMP/j
bundle_with "$J" sleep 100
with_userns "$J"
edit_config "$J" '(.linux.namespaces[] | select(.type == "user")).path = $p' --arg p "/proc/$HOLDER/ns/user"
# hooks at create, start and delete: processes of ct's own besides init
H=$TESTS_TMP/h
bundle_with "$H" sleep 100
edit_config "$H" '.hooks.createRuntime = [{"path": "/bin/true"}] |
	.hooks.poststart = [{"path": "/bin/true"}] | .hooks.poststop = [{"path": "/bin/true"}]'

# after a killed command: delete -f answers 0 and nothing stays
clean_after() {
	local id=$1 what=$2 err left
	err=$(ct delete -f "$id" 2>&1 </dev/null) || { diag "$what: delete -f failed: $err"; return 1; }
	left=$(leftovers "$id")
	[ -z "$left" ] && return 0
	diag "$what: left after delete -f:" "$left"
	return 1
}

# a running container, paused
run_paused() { quiet ct run -d -b "$B" "$1" && quiet ct pause "$1"; }

# phase NAME MAX-MS SETUP KILLED [BUNDLE]: TRIES times, SETUP ID (a command;
# may be empty), then KILLED under the killer (0 to MAX-MS ms: the shorter
# calls get a shorter window, so that most kills land inside them), then
# the check; reports the first failure of the phase. BUNDLE (default B) is
# what the id is created from at the end.
phase() {
	local name=$1 max=$2 setup=$3 killed=$4 bundle=${5:-$B} id i bad=0 out kills=0 n=0
	id=$(new_id)
	for ((i = 1; i <= TRIES; i++)); do
		[ -n "$setup" ] && quiet $setup "$id"
		# to a file: an init that got as far as its detach keeps the stdio
		"$KILLER" 0 $((max * KILL_SCALE)) "$CT" --root "$CT_ROOT" $killed "$id" >"$TESTS_TMP/killer.out" 2>&1 </dev/null
		n=$i
		out=$(tail -1 "$TESTS_TMP/killer.out")
		case "$out" in *killed) kills=$((kills + 1)) ;; esac
		if ! clean_after "$id" "$name try $i ($out)"; then
			bad=1
			break
		fi
	done
	diag "$name: $kills of $n tries killed before they finished"
	check "killed $name, $TRIES tries: delete -f leaves nothing" [ "$bad" = 0 ]
	ct create -b "$bundle" "$id" >"$TESTS_TMP/create.out" 2>&1 </dev/null
	err=$(cat "$TESTS_TMP/create.out")
	check "after killed $name calls the same id creates again" equals "$err" ""
	check "...and is created" equals "$(ct state "$id" 2>/dev/null | jq -r .status)" created
	quiet ct delete -f "$id"
}

phase create 50 "" "create -b $B"
phase start 2 "ct create -b $B" "start"
phase delete 20 "ct create -b $B" "delete -f"
phase "run -d" 6 "" "run -d -b $B"
phase "create with a user namespace" 8 "" "create -b $U" "$U"
phase "start with a user namespace" 3 "ct create -b $U" "start" "$U"
phase "create joining a user namespace" 8 "" "create -b $J" "$J"
phase "create with hooks" 8 "" "create -b $H" "$H"
phase "start with hooks" 5 "ct create -b $H" "start" "$H"
phase "delete with hooks" 4 "ct create -b $H" "delete -f" "$H"
phase pause 2 "ct run -d -b $B" "pause"
phase resume 2 run_paused "resume"

# a pause killed half way leaves the container paused or running, never
# between: resume (when paused) brings it back and exec works
id=$(new_id)
quiet ct run -d -b "$B" "$id"
bad=
for ((i = 1; i <= TRIES; i++)); do
	"$KILLER" 0 $((2 * KILL_SCALE)) "$CT" --root "$CT_ROOT" pause "$id" >/dev/null 2>&1 </dev/null
	st=$(ct state "$id" | jq -r .status)
	case "$st" in
	paused) err=$(ct resume "$id" 2>&1) || bad="try $i: resume after a killed pause: $err" ;;
	running) ;;
	*) bad="try $i: status '$st' after a killed pause" ;;
	esac
	[ -z "$bad" ] && ! timeout 10 "$CT" --root "$CT_ROOT" exec "$id" true </dev/null &&
		bad="try $i: exec fails after a killed pause (status $st)"
	[ -n "$bad" ] && break
done
[ -z "$bad" ] || diag "$bad"
check "killed pauses: the container is paused or running, resume and exec work" equals "$bad" ""
check "killed pauses: delete -f leaves nothing" clean_after "$id" pause

# exec: one running container, execs killed at random points, then delete -f
id=$(new_id)
quiet ct run -d -b "$B" "$id"
for ((i = 1; i <= TRIES; i++)); do
	"$KILLER" 0 $((50 * KILL_SCALE)) "$CT" --root "$CT_ROOT" exec "$id" sleep 2 >/dev/null 2>&1 </dev/null
done
check "after $TRIES killed execs the container still runs" equals "$(ct state "$id" | jq -r .status)" running
check "killed execs: delete -f leaves nothing" clean_after "$id" exec
ct create -b "$B" "$id" >"$TESTS_TMP/create.out" 2>&1 </dev/null
err=$(cat "$TESTS_TMP/create.out")
check "after killed execs the same id creates again" equals "$err" ""
quiet ct delete -f "$id"

# no process of ct's image outlives the killed calls (an intermediate, an
# init whose runtime died before it was placed): each ends on its own
ct_images() {
	local e p
	for e in /proc/[0-9]*/exe; do
		[ "$(readlink "$e" 2>/dev/null)" = "$(readlink -f "$CT")" ] || continue
		p=${e#/proc/}
		echo "${p%/exe}"
	done
}
for _ in $(seq 50); do [ -z "$(ct_images)" ] && break; sleep 0.1; done
left=$(ct_images | paste -sd, -)
check "no process of ct's image is left" test -z "$left"
[ -n "$left" ] && diag "left: $(ps -o pid=,ppid=,args= -p "$left" | tr '\n' ';')"

# the killer itself kills: a sleep killed at once reports it
"$KILLER" 1 1 sleep 5 >"$TESTS_TMP/killer.out"
check "the killer kills" contains "$(cat "$TESTS_TMP/killer.out")" "killed"

finish
