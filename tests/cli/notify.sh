#!/bin/bash
# NOTIFY_SOCKET (systemd's Type=notify), relayed as runc and crun relay it:
# the container gets a socket of its own at /run/notify/notify.sock; start
# and run wait for its READY=1 and then tell the host's socket READY=1 with
# the pid to watch, and nothing the container wrote.
. "$(dirname "$0")/../lib/common.sh"
need_root
BIN=${SD_NOTIFY_BIN:-$TOP/build/tests/sd-notify}
HOST=$TESTS_TMP/host.sock
LOG=$TESTS_TMP/host.log
B=$TESTS_TMP/b
recv_pid=

# start_host [ADDRESS]: a stand-in for systemd's socket at ADDRESS (default
# $HOST), logging to $LOG
start_host() {
	stop_host
	rm -f "$LOG" "$LOG.ready" "$HOST"
	python3 "$TOP/tests/lib/dgram-recv.py" "${1:-$HOST}" "$LOG" 120 &
	recv_pid=$!
	for _ in $(seq 200); do
		[ -e "$LOG.ready" ] && break
		sleep 0.01
	done
}
stop_host() {
	[ -n "$recv_pid" ] && kill "$recv_pid" 2>/dev/null && wait "$recv_pid" 2>/dev/null
	recv_pid=
}
trap stop_host EXIT
# notify_bundle SCRIPT: a bundle whose process is sh -c SCRIPT, with the
# sender at /sd-notify
notify_bundle() {
	bundle_with "$B" sh -c "$1"
	cp "$BIN" "$B/rootfs/sd-notify"
}
host_log() { cat "$LOG" 2>/dev/null; }

# run -d: returns once READY=1 is passed on and confirmed, with init as the
# pid to watch; what the container sent itself (MAINPID=1, STATUS=) is not
# passed on
start_host
notify_bundle 'echo "$NOTIFY_SOCKET" >/tmp/env; sleep 0.3; /sd-notify STATUS=almost MAINPID=1 READY=1
	sleep 100'
id=$(new_id)
# (the container's stdio: not a pipe the substitution would read to its end)
NOTIFY_SOCKET=$HOST ct run -d -b "$B" "$id" >"$TESTS_TMP/run.out" 2>&1 </dev/null
rc=$?
err=$(cat "$TESTS_TMP/run.out")
log=$(host_log)
pid=$(ct state "$id" | jq -r .pid)
check "run -d with NOTIFY_SOCKET succeeds, silently" equals "$rc: $err" "0: "
check "...after READY=1 with init's pid reached the host, confirmed" equals "$log" \
	"READY=1 MAINPID=$pid
BARRIER=1 +fd"
check "...the container's NOTIFY_SOCKET is its own socket" equals \
	"$(ct exec "$id" cat /tmp/env)" /run/notify/notify.sock
check "...in a read-only directory" contains "$(ct exec "$id" touch /run/notify/x 2>&1)" \
	"Read-only file system"
quiet ct delete -f "$id"
check "...and nothing is left" equals "$(leftovers "$id")" ""

# create, then start: start waits for READY=1
start_host
notify_bundle 'sleep 0.3; /sd-notify READY=1; sleep 100'
id=$(new_id)
NOTIFY_SOCKET=$HOST quiet ct create -b "$B" "$id"
check "create does not notify" equals "$(host_log)" ""
err=$(NOTIFY_SOCKET=$HOST ct start "$id" 2>&1)
rc=$?
log=$(host_log)
check "start waits for READY=1 and passes it on" equals "$rc: $err: $log" \
	"0: : READY=1 MAINPID=$(ct state "$id" | jq -r .pid)
BARRIER=1 +fd"
quiet ct delete -f "$id"

# a start without NOTIFY_SOCKET of a container made with it: nothing waited for
start_host
id=$(new_id)
NOTIFY_SOCKET=$HOST quiet ct create -b "$B" "$id"
check "start without NOTIFY_SOCKET does not wait" ct start "$id"
check "...and tells the host nothing" equals "$(host_log)" ""
quiet ct delete -f "$id"
# and one made without it: start does not wait either
id=$(new_id)
quiet ct create -b "$B" "$id"
check "start with NOTIFY_SOCKET of a container made without it does not wait" \
	env NOTIFY_SOCKET="$HOST" "$CT" --root "$CT_ROOT" start "$id"
check "...nor tell the host" equals "$(host_log)" ""
quiet ct delete -f "$id"

# foreground run: ct itself is the pid to watch; the output goes on meanwhile
start_host "@ct-notify-test-$$" # an abstract address
notify_bundle 'echo before; /sd-notify READY=1; echo after'
id=$(new_id)
NOTIFY_SOCKET=@ct-notify-test-$$ "$CT" --root "$CT_ROOT" run -b "$B" "$id" >"$TESTS_TMP/out" 2>&1 &
ctpid=$!
wait "$ctpid"
rc=$?
check "foreground run: the container's output and status" equals "$rc: $(cat "$TESTS_TMP/out")" \
	"0: before
after"
check "...READY=1 passed on with ct's pid" equals "$(host_log)" "READY=1 MAINPID=$ctpid
BARRIER=1 +fd"

# a container that ends without READY=1: said, and nothing passed on
start_host
notify_bundle 'exit 0'
id=$(new_id)
err=$(NOTIFY_SOCKET=$HOST ct run -d -b "$B" "$id" 2>&1)
check "run -d of a container that exits before READY=1: a warning (status $?)" equals "$err" \
	"ct: warning: the container exited before it sent READY=1 to its notify socket: not passed on to NOTIFY_SOCKET"
check "...nothing passed on" equals "$(host_log)" ""
quiet ct delete -f "$id"
stop_host

# a host socket that is not there: run -d fails and leaves nothing
notify_bundle '/sd-notify READY=1; sleep 100'
id=$(new_id)
NOTIFY_SOCKET=$TESTS_TMP/none.sock ct run -d -b "$B" "$id" >"$TESTS_TMP/run.out" 2>&1 </dev/null
err=$(cat "$TESTS_TMP/run.out")
check "run -d with no socket at NOTIFY_SOCKET fails" equals "$err" \
	"ct: NOTIFY_SOCKET '$TESTS_TMP/none.sock': send READY=1: No such file or directory"
check "...and leaves nothing" equals "$(leftovers "$id")" ""

# an address ct cannot use is refused before anything is made
id=$(new_id)
err=$(NOTIFY_SOCKET=notify.sock ct create -b "$B" "$id" 2>&1)
check "create with a relative NOTIFY_SOCKET fails (status $?)" equals "$err" \
	"ct: NOTIFY_SOCKET 'notify.sock': not an absolute path or an abstract address (@name) of at most 107 bytes"
check "...and leaves nothing" equals "$(leftovers "$id")" ""
finish
