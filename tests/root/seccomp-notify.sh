#!/bin/bash
# Seccomp user notification: SCMP_ACT_NOTIFY rules, the listener fd handed to
# an agent at linux.seccomp.listenerPath with the container process state,
# the agent's answers seen by the container's processes (init and exec'd
# ones), and a missing agent refused with nothing left behind.
. "$(dirname "$0")/../lib/common.sh"
need_root
AGENT=${SECCOMP_AGENT:-$TOP/build/tests/seccomp-agent}
B=$TESTS_TMP/b
SOCK=$TESTS_TMP/agent.sock
LOG=$TESTS_TMP/agent.log

"$AGENT" "$SOCK" "$LOG" >"$TESTS_TMP/agent.out" 2>&1 &
AGENT_PID=$!
stop_agent() { kill "$AGENT_PID" 2>/dev/null; wait "$AGENT_PID" 2>/dev/null; }
trap 'stop_agent; cleanup_all' EXIT
for _ in $(seq 300); do
	grep -q ready "$TESTS_TMP/agent.out" 2>/dev/null && break
	sleep 0.1
done
check "the agent listens" grep -q ready "$TESTS_TMP/agent.out"

notify_config() {
	edit_config "$1" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
		"listenerPath": $sock, "listenerMetadata": "meta-data;x=1",
		"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}' \
		--arg sock "$2"
}

# the agent makes mkdir succeed without making anything
bundle_with "$B" sh -c 'mkdir /made-by-init && echo "mkdir=$?"; test -d /made-by-init && echo exists || echo absent'
notify_config "$B" "$SOCK"
run_in "$B"
check "runs" equals "$RC" 0
[ "$RC" = 0 ] || diag "$ERR"
check "mkdir returns the agent's success" contains "$OUT" "mkdir=0"
check "and nothing was made" contains "$OUT" "absent"
msg=$(grep "\"$LAST_ID\"" "$LOG" | head -1)
check "the agent got the state" test -n "$msg"
check "metadata arrives" equals "$(echo "$msg" | jq -r .metadata)" "meta-data;x=1"
check "fds names the seccomp fd" equals "$(echo "$msg" | jq -c .fds)" '["seccompFd"]'
check "the state is the container's, creating" \
	equals "$(echo "$msg" | jq -r '.state.id + " " + .state.status')" "$LAST_ID creating"
check "pid is init's" equals "$(echo "$msg" | jq -r '.pid == .state.pid and .pid > 0')" true
check "leaves nothing" leaves_nothing "$LAST_ID" "$B"

# exec'd processes keep the filter and reach the agent too
bundle_with "$B" sleep 600
notify_config "$B" "$SOCK"
id=$(new_id)
quiet ct run -d -b "$B" "$id"
check "detached container runs" equals "$(ct state "$id" 2>/dev/null | jq -r .status)" running
OUT=$(ct exec "$id" sh -c 'mkdir /by-exec; echo "mkdir=$?"; test -d /by-exec && echo exists || echo absent' 2>&1)
check "exec: mkdir answered by the agent" contains "$OUT" "mkdir=0"
check "exec: nothing made" contains "$OUT" "absent"
check "exec: the agent got a second message" test "$(grep -c "\"$id\"" "$LOG")" -ge 2
check "exec: that one is running" contains "$(grep "\"$id\"" "$LOG" | tail -1 | jq -r .state.status)" running
quiet ct delete -f "$id"
check "leaves nothing" leaves_nothing "$id" "$B"

# SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV: once the agent has received a
# notification, a signal that does not kill (here SIGSTOP) no longer
# interrupts the wait for the answer: the process goes on waiting, killable
# only (state D), where without the flag the call is interrupted, the
# process stops (T) and makes the call again later. Init and an exec'd
# process (which loads the container's saved filter) alike.
# held_state PID: PID's state after a SIGSTOP while the agent holds its rmdir
held_state() {
	local st
	for _ in $(seq 150); do grep -qx "held $1" "$LOG" && break; sleep 0.02; done
	if ! grep -qx "held $1" "$LOG"; then
		echo "not held"
		return
	fi
	kill -STOP "$1"
	sleep 0.3
	st=$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)
	kill -CONT "$1"
	echo "$st"
}
check "features: this kernel takes SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" equals \
	"$("$CT" features | jq -c '.linux.seccomp | [.knownFlags, .supportedFlags] | map(index("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") != null)')" \
	'[true,true]'
for flags in '["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]' '[]'; do
	if [ "$flags" = '[]' ]; then want=T how="without the flag"; else want=D how="with the flag"; fi
	bundle_with "$B" rmdir /held
	notify_config "$B" "$SOCK"
	edit_config "$B" '.linux.seccomp.flags = $f | .linux.seccomp.syscalls +=
		[{"names": ["rmdir"], "action": "SCMP_ACT_NOTIFY"}]' --argjson f "$flags"
	id=$(new_id)
	quiet ct run -d -b "$B" "$id"
	pid=$(ct state "$id" 2>/dev/null | jq -r '.pid // empty')
	check "$how: init, held by the agent, SIGSTOP: state $want" equals "$(held_state "${pid:-0}")" "$want"
	quiet ct delete -f "$id"
	bundle_with "$B" sleep 600
	notify_config "$B" "$SOCK"
	edit_config "$B" '.linux.seccomp.flags = $f | .linux.seccomp.syscalls +=
		[{"names": ["rmdir"], "action": "SCMP_ACT_NOTIFY"}]' --argjson f "$flags"
	quiet ct run -d -b "$B" "$id"
	quiet ct exec -d --pid-file "$TESTS_TMP/exec.pid" "$id" rmdir /held
	pid=$(cat "$TESTS_TMP/exec.pid" 2>/dev/null)
	check "$how: an exec'd process, held, SIGSTOP: state $want" equals "$(held_state "${pid:-0}")" "$want"
	quiet ct delete -f "$id"
	check "$how: leaves nothing" leaves_nothing "$id" "$B"
done

# no agent at listenerPath: refused, naming it, with nothing left behind
bundle_with "$B" true
notify_config "$B" "$TESTS_TMP/missing.sock"
run_in "$B"
check "a missing agent: refused" test "$RC" -ne 0
check "a missing agent: names listenerPath" \
	contains "$ERR" "seccomp: connect to the listener path '$TESTS_TMP/missing.sock': No such file or directory"
check "a missing agent: leaves nothing" leaves_nothing "$LAST_ID" "$B"

# an agent that stopped accepting (its backlog full): the create waits the
# setup timeout (1 s here), not for good
DEAF=$TESTS_TMP/deaf.sock
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(0)
c = socket.socket(socket.AF_UNIX); c.connect(sys.argv[1])
print("ready", flush=True); time.sleep(120)' "$DEAF" >"$TESTS_TMP/deaf.out" &
DEAF_PID=$!
for _ in $(seq 50); do grep -q ready "$TESTS_TMP/deaf.out" 2>/dev/null && break; sleep 0.1; done
bundle_with "$B" true
notify_config "$B" "$DEAF"
id=$(new_id)
err=$(LIBCT_SETUP_TIMEOUT=1 timeout -s KILL 60 "$CT" --root "$CT_ROOT" run -b "$B" "$id" 2>&1)
check "an agent that accepts nothing: refused" test $? -eq 1
check "an agent that accepts nothing: says so" contains "$err" \
	"seccomp: the agent at the listener path '$DEAF' accepted no connection within 1 s"
check "an agent that accepts nothing: leaves nothing" leaves_nothing "$id" "$B"
kill "$DEAF_PID"; wait "$DEAF_PID" 2>/dev/null

# notify rules without a listener path
bundle_with "$B" true
edit_config "$B" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
	"syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}'
run_in "$B"
check "no listener path: refused" test "$RC" -ne 0
check "no listener path: says so" contains "$ERR" "SCMP_ACT_NOTIFY needs a listener path (linux.seccomp.listenerPath)"
check "no listener path: leaves nothing" leaves_nothing "$LAST_ID" "$B"

finish
