#!/bin/bash
# ct's own errors: usage, unknown commands and ids, bad arguments; each with
# its text and a non-zero status.
. "$(dirname "$0")/../lib/common.sh"
need_root

# expect_err NAME EXPECTED-STATUS EXPECTED-TEXT CT-ARGS...
expect_err() {
	local name=$1 want=$2 text=$3 out rc
	shift 3
	out=$(ct "$@" 2>&1)
	rc=$?
	check "$name: status $want" equals "$rc" "$want"
	check "$name: message" contains "$out" "$text"
}

expect_err "unknown command" 1 "unknown command 'frobnicate'" frobnicate
expect_err "no command" 2 "Usage: ct" 
expect_err "state without id" 2 "missing container id" state
expect_err "state of unknown id" 1 "container 'nope' does not exist" state nope
expect_err "events --interval 5x" 1 "events: --interval: '5x' is not a duration" \
	events --interval 5x nope
expect_err "events --interval 0" 1 "events: --interval: '0' is not a duration" \
	events --interval 0 nope
expect_err "events --interval 1m30" 1 "events: --interval: '1m30' is not a duration" \
	events --interval 1m30 nope
expect_err "run --preserve-fds -1" 1 "--preserve-fds: '-1' is not a count of fds (0 to 65536)" \
	run --preserve-fds -1 nope
expect_err "exec --preserve-fds x" 1 "exec: --preserve-fds: 'x' is not a count of fds (0 to 65536)" \
	exec --preserve-fds x nope true
expect_err "a wrong option" 2 "See 'ct delete --help'." delete --no-such-option x
expect_err "start of unknown id" 1 "container 'nope' does not exist" start nope
expect_err "kill of unknown id" 1 "container 'nope' does not exist" kill nope
expect_err "delete of unknown id" 1 "container 'nope' does not exist" delete nope
expect_err "kill with a bad signal" 1 "unknown signal 'SIGNOPE'" kill nope SIGNOPE
expect_err "bad id" 1 "invalid container id '../x'" run -b /tmp ../x
expect_err "missing bundle" 1 "bundle '/no/such/bundle'" run -b /no/such/bundle x
expect_err "bundle without config.json" 1 "config.json" run -b "$TESTS_TMP" x
expect_err "bad log format" 1 "--log-format: unknown format 'xml'" --log-format xml list
expect_err "bad list format" 1 "list: unknown format 'yaml'" list --format yaml

out=$("$CT" --version)
check "--version" contains "$out" "ct version"
check "--version names the spec" contains "$out" "spec: 1.2.0"
# runc's version.bats reads its lines by position: version, commit, spec
check "--version: version, commit and spec lines first, as runc's" bash -c \
	'mapfile -t l <<<"$1"; [[ ${l[0]} =~ ^ct\ version\ [0-9]+\.[0-9]+\.[0-9]+$ &&
		${l[1]} =~ ^commit:\ [^\ ]+$ && ${l[2]} =~ ^spec:\ [0-9]+\.[0-9]+\.[0-9]+$ &&
		${l[3]} =~ ^libct\ [0-9] ]]' _ "$out"
# a commit of this tree's repository (the one built from, which a commit
# made since the build may have left behind; "-dirty" when the tree had
# changes), or "unknown" outside git
got=$(sed -n 's/^commit: //p' <<<"$out")
got=${got%-dirty}
if "$TOP/scripts/vcs-describe" "$TOP" >/dev/null; then
	check "--version: a commit of this repository ($got)" \
		git -C "$TOP" cat-file -e "${got##*-g}^{commit}"
else
	check "--version: outside git, commit: unknown" equals "$got" unknown
fi

# the JSON log: one object per line with level, msg and time
log=$TESTS_TMP/log.json
"$CT" --root "$CT_ROOT" --log "$log" --log-format json state nope 2>/dev/null
check "json log line" equals "$(jq -r .level "$log")" error
check "json log message" equals "$(jq -r .msg "$log")" "container 'nope' does not exist"
check "json log time" bash -c "jq -e '.time | test(\"^[0-9]{4}-\")' '$log' >/dev/null"

# --debug without --log: debug lines on stderr; with --log, only in the file
bundle_with "$TESTS_TMP/b" true
id=$(new_id)
err=$("$CT" --root "$CT_ROOT" --debug run -b "$TESTS_TMP/b" "$id" 2>&1 >/dev/null)
check "--debug without --log: debug lines on stderr" contains "$err" "ct: debug: cgroup '"
id=$(new_id)
err=$("$CT" --root "$CT_ROOT" --debug --log "$TESTS_TMP/debug.log" run -b "$TESTS_TMP/b" "$id" 2>&1 >/dev/null)
check "--debug with --log: none on stderr" equals "$err" ""
check "--debug with --log: in the file" grep -q "debug: cgroup '" "$TESTS_TMP/debug.log"

check "list on an empty root" equals "$(ct list -q)" ""

# a log that cannot be opened is an error (as runc), before anything is done
out=$(ct --log /nonexistent/dir/ct.log list 2>&1)
check "--log that cannot be opened: exit 1" equals "$?" 1
check "--log that cannot be opened: says which and why" \
	equals "$out" "ct: --log: open '/nonexistent/dir/ct.log': No such file or directory"
# what a command prints must reach stdout: a full disk is an error, not a
# status of 0 with nothing written
id=$(new_id)
quiet ct create -b "$TESTS_TMP/b" "$id"
out=$(ct state "$id" 2>&1 >/dev/full)
check "state to a full stdout: exit 1" equals "$?" 1
check "state to a full stdout: says so" equals "$out" "ct: write to stdout: No space left on device"
out=$(ct list 2>&1 >/dev/full)
check "list to a full stdout: exit 1 and why" equals "$?:$out" "1:ct: write to stdout: No space left on device"
quiet ct delete -f "$id"

# ...and so must a terminal's output: the container's, copied by ct run
# (or ct exec -t) from the terminal to a full stdout, fails the run, and
# the container started does not run on unseen
bundle_with "$TESTS_TMP/t" sh -c 'echo from the terminal'
edit_config "$TESTS_TMP/t" '.process.terminal = true'
id=$(new_id)
out=$(ct run -b "$TESTS_TMP/t" "$id" 2>&1 >/dev/full </dev/null)
check "run with a terminal to a full stdout: exit 1" equals "$?" 1
check "run with a terminal to a full stdout: says so" \
	equals "$out" "ct: terminal: write to stdout: No space left on device"
check "...and removes its container" leaves_nothing "$id"
out=$(ct run -b "$TESTS_TMP/t" "$id" 2>&1 </dev/null)
check "...whose id runs again, its output copied" equals "$out" "from the terminal"

# a pid file that cannot be written after the start (as runc): the
# container, or the exec's process, is killed and removed
bundle_with "$TESTS_TMP/s" sleep 100
id=$(new_id)
out=$(ct run -d --pid-file /nonexistent/dir/pid -b "$TESTS_TMP/s" "$id" 2>&1 </dev/null)
check "run -d with a pid file that cannot be written: exit 1" equals "$?" 1
check "...says which and why" \
	equals "$out" "ct: pid file '/nonexistent/dir/pid': No such file or directory"
check "...and removes its container" leaves_nothing "$id"
id=$(new_id)
quiet ct run -d -b "$TESTS_TMP/s" "$id"
# (into a file: a process left running would hold a pipe open)
ct exec -d --pid-file /nonexistent/dir/pid "$id" sleep 77 >"$TESTS_TMP/exec.out" 2>&1 </dev/null
check "exec -d with a pid file that cannot be written: status 255 (as runc) and why" \
	equals "$?:$(cat "$TESTS_TMP/exec.out")" \
	"255:ct: pid file '/nonexistent/dir/pid': No such file or directory"
# (killed, not waited for: its end may take a moment)
gone() {
	for _ in $(seq 50); do
		ct ps "$id" 2>/dev/null | grep -q "sleep 77" || return 0
		sleep 0.1
	done
	diag "$(ct ps "$id")"
	return 1
}
check "...and its process is killed" gone
quiet ct delete -f "$id"
finish
