#!/bin/bash
# LIBCT_TRACE: the steps of a run with their times, the caller's and those
# of the container's init (PID "init"), in one file written by ct alone: the
# container never holds the file, and a run without it is unchanged.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
T=$TESTS_TMP/trace
# what the container holds open: the trace file must not be among them
bundle_with "$B" sh -c 'ls -l /proc/self/fd/ 2>&1; echo done'

run_traced() {
	local id
	id=$(new_id)
	OUT=$(LIBCT_TRACE=$1 timeout -s KILL 300 "$CT" --root "$CT_ROOT" run -b "$B" "$id" \
		2>"$TESTS_TMP/stderr" </dev/null)
	RC=$?
	ERR=$(cat "$TESTS_TMP/stderr")
	LAST_ID=$id
}

rm -f "$T"
run_traced "$T"
check "run with LIBCT_TRACE=PATH succeeds" equals "$RC" 0
check "the container ran" contains "$OUT" done
check "nothing of the trace on stderr" equals "$ERR" ""
check "the container holds no trace file" eval '! grep -q "$T" <<<"$OUT"'
TRACE=$(cat "$T" 2>/dev/null)
# every line: "libct-trace PID MS STEP", PID a number or "init"
check "every line has the trace's shape" \
	eval '[ -n "$TRACE" ] && ! grep -vE "^libct-trace ([0-9]+|init) [0-9]+\.[0-9]{3} [a-z]" <<<"$TRACE"'
check "the caller's steps, create to delete" \
	eval 'grep -qE "^libct-trace [0-9]+ .* create: state.json written$" <<<"$TRACE" &&
		grep -qE "^libct-trace [0-9]+ .* delete: state directory removed$" <<<"$TRACE"'
for step in "init: started" "init: mount /proc" "init: mount /dev" "init: devices" \
	"init: masked and read-only paths" "init: cwd, hooks, pivot_root" \
	"init: process (rlimits, credentials, capabilities)"; do
	check "init traces '$step'" eval 'grep -q "^libct-trace init [0-9.]* $step" <<<"$TRACE"'
done
# init's steps come between the caller's last step before the clone and
# its "init ready" (init may run before the caller sees clone return)
ms_of() { grep -F " $1" <<<"$TRACE" | head -1 | cut -d' ' -f3; }
cloned=$(ms_of "spawn: prepared")
first=$(ms_of "init: started")
last=$(ms_of "init: process (rlimits")
ready=$(ms_of "spawn: init ready")
check "init's steps fall between the clone and the caller's 'init ready'" \
	eval 'awk -v a="$cloned" -v b="$first" -v c="$last" -v d="$ready" \
		"BEGIN { exit !(a <= b && b <= c && c <= d) }"'
check "the run leaves nothing" leaves_nothing "$LAST_ID"

# LIBCT_TRACE=1: the same lines on ct's stderr, none in the container's
# output (init's go through ct, not the container's stderr)
run_traced 1
check "LIBCT_TRACE=1: init's steps on ct's stderr" contains "$ERR" "libct-trace init "
check "LIBCT_TRACE=1: the caller's too" contains "$ERR" "create: state.json written"
check "LIBCT_TRACE=1: none in the container's output" eval '! grep -q libct-trace <<<"$OUT"'

# off: no line anywhere, and the file is not made
rm -f "$T"
OUT=$(timeout -s KILL 300 "$CT" --root "$CT_ROOT" run -b "$B" "$(new_id)" 2>"$TESTS_TMP/stderr" </dev/null)
check "without LIBCT_TRACE: no trace line" eval '! grep -q libct-trace "$TESTS_TMP/stderr" && ! grep -q libct-trace <<<"$OUT"'
run_traced 0
check "LIBCT_TRACE=0: no trace line" eval '! grep -q libct-trace <<<"$ERR$OUT"'

finish
