#!/bin/bash
# --pidfd-socket (create, run, exec; runc's form): the caller's socket gets
# one message, "standard" for init and "setns" for an exec'd process, with a
# pidfd of that process, which signals and waits for it as the pid would;
# a socket that cannot be reached fails the command by name and leaves
# nothing.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
S=$TESTS_TMP/pidfd.sock
bundle_with "$B" sleep 300

# recv [ARGS...]: a receiver at $S in the background, its output in
# $TESTS_TMP/recv.out, its pid in RECV_PID
recv() {
	rm -f "$S"
	timeout 120 python3 "$TOP/tests/lib/pidfd-recv.py" "$S" "$@" >"$TESTS_TMP/recv.out" \
		2>"$TESTS_TMP/recv.err" &
	RECV_PID=$!
	for _ in $(seq 1 100); do [ -S "$S" ] && return 0; sleep 0.1; done
	diag "pidfd socket $S not listening after 10 s"
}
# received: wait for the receiver, then what it printed (and its errors) in
# RECEIVED; called in the test's own shell, since a command substitution's
# subshell cannot wait for the receiver and would read its output too early
received() {
	wait "$RECV_PID"
	RECEIVED=$(cat "$TESTS_TMP/recv.out" "$TESTS_TMP/recv.err")
}

# create: init's pidfd comes before create returns; the receiver kills init
# through it, and the container is stopped
id=$(new_id)
recv --kill 9
quiet ct create -b "$B" --pidfd-socket "$S" --pid-file "$TESTS_TMP/pid" "$id"
check "create --pidfd-socket succeeds" equals "$?" 0
received
check "create: the pidfd is init's, the message 'standard'" \
	equals "$RECEIVED" "standard $(cat "$TESTS_TMP/pid")
exited"
check "create: a kill through the pidfd stops the container" equals "$(status_of "$id")" stopped
quiet ct delete "$id"
check "create: leaves nothing once deleted" leaves_nothing "$id" "$B"

# run -d, with the socket named relative to the caller's directory
id=$(new_id)
recv
(cd "$TESTS_TMP" && quiet ct run -d -b "$B" --pidfd-socket pidfd.sock --pid-file pid "$id")
check "run -d --pidfd-socket, a relative path: the caller's directory" equals "$?" 0
received
check "run: the pidfd is init's" equals "$RECEIVED" "standard $(cat "$TESTS_TMP/pid")"
check "run: the container runs on" equals "$(status_of "$id")" running

# exec, detached and in the foreground: the exec'd process's pidfd
recv
quiet ct exec -d --pidfd-socket "$S" --pid-file "$TESTS_TMP/epid" "$id" sleep 300
check "exec -d --pidfd-socket succeeds" equals "$?" 0
received
check "exec -d: the pidfd is the process's, the message 'setns'" \
	equals "$RECEIVED" "setns $(cat "$TESTS_TMP/epid")"
recv --kill 15
out=$(ct exec --pidfd-socket "$S" "$id" sleep 300 2>&1)
check "exec: a SIGTERM through the pidfd ends the foreground process (143)" equals "$?" 143
received
check "exec: the receiver saw it exit" contains "$RECEIVED" "exited"
check "exec: the container runs on" equals "$(status_of "$id")" running

# a socket nobody listens at: named, status as any failure, nothing made
before=$(ct ps "$id" | wc -l)
err=$(ct exec --pidfd-socket "$TESTS_TMP/none.sock" "$id" true 2>&1)
check "exec: a missing socket fails (255, as every exec failure)" equals "$?" 255
check "exec: a missing socket is named" contains "$err" \
	"--pidfd-socket: connect to '$TESTS_TMP/none.sock': No such file or directory"
check "exec: nothing ran" equals "$(ct ps "$id" | wc -l)" "$before"
quiet ct delete -f "$id"
id=$(new_id)
err=$(ct run -d -b "$B" --pidfd-socket "$TESTS_TMP/none.sock" "$id" 2>&1)
check "run: a missing socket fails" equals "$?" 1
check "run: a missing socket is named" contains "$err" \
	"--pidfd-socket: connect to '$TESTS_TMP/none.sock': No such file or directory"
check "run: a missing socket leaves nothing" leaves_nothing "$id" "$B"

# a receiver that does not accept: the connect waits as long as the setup
# timeout, then fails by name, with nothing made
id=$(new_id)
recv --no-accept
err=$(LIBCT_SETUP_TIMEOUT=2 ct run -d -b "$B" --pidfd-socket "$S" "$id" 2>&1)
check "run: a receiver that does not accept fails" equals "$?" 1
check "run: ...once the setup timeout has passed, said" contains "$err" \
	"--pidfd-socket: connect to '$S': not accepted within 2 s (the setup timeout)"
check "run: ...and leaves nothing" leaves_nothing "$id" "$B"
kill "$RECV_PID"
wait "$RECV_PID" 2>/dev/null

# a receiver gone before the pidfd came (it closes the connection while a
# createRuntime hook holds create for a second): create fails by name,
# deletes what it made, and the id works again
edit_config "$B" '.hooks = {"createRuntime": [{"path": "/bin/sleep", "args": ["sleep", "1"]}]}'
id=$(new_id)
recv --close
err=$(ct create -b "$B" --pidfd-socket "$S" "$id" 2>&1)
check "create: a receiver gone fails" equals "$?" 1
check "create: a receiver gone is named" contains "$err" "--pidfd-socket: send the pidfd: Broken pipe"
wait "$RECV_PID"
check "create: a receiver gone leaves nothing" leaves_nothing "$id" "$B"
quiet ct create -b "$B" "$id"
check "create: the id works again" equals "$(status_of "$id")" created
quiet ct delete -f "$id"
finish
