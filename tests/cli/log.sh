#!/bin/bash
# --log destinations besides a file (crun's forms): file:PATH,
# syslog:[IDENT] and journald:[IDENT]. syslog and the journal are stand-ins
# listening in a mount namespace of the test's own (a tmpfs over /dev for
# /dev/log, one over /run/systemd for the journal's socket), each logging
# the datagrams it gets (tests/lib/dgram-recv.py).
. "$(dirname "$0")/../lib/common.sh"
need_root
RECV=$TOP/tests/lib/dgram-recv.py

"$CT" --root "$CT_ROOT" --log "file:$TESTS_TMP/f.log" state nope 2>/dev/null
check "--log file:PATH writes PATH" contains "$(cat "$TESTS_TMP/f.log")" \
	"error: container 'nope' does not exist"

# in_ns SOCKET LOG CT-ARGS...: ct run with a receiver at SOCKET in a mount
# namespace where /dev and /run/systemd are empty tmpfs; its stderr
in_ns() {
	unshare -m bash -c '
		sock=$1 log=$2
		shift 2
		mount --make-rprivate /
		mount -t tmpfs tmpfs /dev
		mount -t tmpfs tmpfs /run/systemd
		mkdir /run/systemd/journal
		python3 "$RECV" "$sock" "$log" 30 <&0 &
		for _ in $(seq 300); do [ -e "$log.ready" ] && break; sleep 0.01; done
		"$CT" --root "$CT_ROOT" "$@" 2>&1
		for _ in $(seq 300); do [ -s "$log" ] && break; sleep 0.01; done
		kill $!
	' in_ns "$@"
}
export RECV CT CT_ROOT

err=$(in_ns /dev/log "$TESTS_TMP/syslog" --log syslog:myid state nope)
check "--log syslog:IDENT: the error on stderr still" equals "$err" "ct: container 'nope' does not exist"
check "...and to /dev/log, with the identifier and ct's pid, as LOG_USER|LOG_ERR" \
	grep -qE "^<11>.* myid\[[0-9]+\]: container 'nope' does not exist$" "$TESTS_TMP/syslog"
[ -s "$TESTS_TMP/syslog" ] || diag "got: $(cat "$TESTS_TMP/syslog" 2>&1)"

err=$(in_ns /run/systemd/journal/socket "$TESTS_TMP/journal" --log journald: state nope)
check "--log journald:: the error on stderr still" equals "$err" "ct: container 'nope' does not exist"
got=$(tr -d '\0' <"$TESTS_TMP/journal")
check "...and to the journal's socket: priority, identifier ct, the message" contains "$got" \
	"PRIORITY=3 SYSLOG_IDENTIFIER=ct MESSAGE "
check "...the message as its length and text" contains "$got" "container 'nope' does not exist"

err=$("$CT" --root "$CT_ROOT" --log journald:x state nope 2>&1)
check "--log journald without a journal: an error before anything (status $?)" equals "$err" \
	"ct: --log 'journald:x': connect to /run/systemd/journal/socket: No such file or directory"
err=$(unshare -m bash -c 'mount -t tmpfs tmpfs /dev; "$CT" --root "$CT_ROOT" --log syslog: state nope 2>&1')
check "--log syslog without /dev/log: an error (status $?)" equals "$err" \
	"ct: --log 'syslog:': /dev/log: No such file or directory"
finish
