#!/bin/bash
# create / start / state / list / kill / delete through the real ct binary,
# with the states runtime.md describes.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
# init is pid 1: it gets SIGTERM only through a handler
bundle_with "$B" sh -c 'trap "exit 0" TERM; echo started > /tmp/marker; while :; do sleep 0.1; done'
id=$(new_id)

# init keeps create's stdio (as with runc): capture through a file, not a pipe
ct create -b "$B" --pid-file "$TESTS_TMP/pid" "$id" >"$TESTS_TMP/create.out" 2>&1
check "create succeeds" equals "$?" 0
check "create prints nothing" equals "$(cat "$TESTS_TMP/create.out")" ""
check "state: created" equals "$(status_of "$id")" created
pid=$(cat "$TESTS_TMP/pid")
check "pid file names init" equals "$(ct state "$id" | jq -r .pid)" "$pid"
check "init is alive while created" test -d "/proc/$pid"
check "process not started yet" test ! -e "$B/rootfs/tmp/marker"
state=$(ct state "$id")
check "state has ociVersion" equals "$(echo "$state" | jq -r .ociVersion)" 1.2.0
check "state has id" equals "$(echo "$state" | jq -r .id)" "$id"
check "state has bundle" equals "$(echo "$state" | jq -r .bundle)" "$B"
# the root's absolute path, as runc and crun print it (config.json's is relative)
check "state has rootfs" equals "$(echo "$state" | jq -r .rootfs)" "$B/rootfs"
check "state: runc's order of the keys" equals "$(echo "$state" | jq -r 'keys_unsorted | join(" ")')" \
	"ociVersion id pid status bundle rootfs created owner"
check "list shows it" contains "$(ct list)" "$id"
check "list -q" equals "$(ct list -q)" "$id"
check "list --format json" equals "$(ct list --format json | jq -r '.[0].status')" created
# runc's list: the state document of each, its owner filled in
check "list --format json: the state's keys, rootfs and owner" \
	equals "$(ct list --format json | jq -r '.[0] | "\(keys_unsorted | join(" ")) \(.rootfs) \(.owner)"')" \
	"ociVersion id pid status bundle rootfs created owner $B/rootfs root"

check "kill 0 of a created container (is it alive?)" ct kill "$id" 0

# a created container that never started is deleted without -f (runc, crun)
id2=$(new_id)
ct create -b "$B" --pid-file "$TESTS_TMP/pid2" "$id2" >/dev/null 2>&1 </dev/null
pid2=$(cat "$TESTS_TMP/pid2")
check "delete of a created container without -f" ct delete "$id2"
# gone, or a zombie its new parent has not reaped yet
gone() { for _ in $(seq 300); do [ ! -e "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" && return 0; sleep 0.1; done; return 1; }
check "delete of a created container: init is gone" gone "$pid2"
check "delete of a created container: leaves nothing" leaves_nothing "$id2" "$B"

check "start succeeds" ct start "$id"
for _ in $(seq 50); do [ -e "$B/rootfs/tmp/marker" ] && break; sleep 0.1; done
check "process ran after start" test -e "$B/rootfs/tmp/marker"
check "state: running" equals "$(status_of "$id")" running
ERR=$(ct start "$id" 2>&1)
check "start of a running container fails" contains "$ERR" "cannot start a container that is running"
ERR=$(ct delete "$id" 2>&1)
check "delete of a running container without -f fails" contains "$ERR" "cannot delete container '$id' that is not stopped: running"
check "kill 0 of a running container" ct kill "$id" 0

check "kill with a signal name" ct kill "$id" TERM
wait_status "$id" stopped 5
check "state: stopped after SIGTERM" equals "$(status_of "$id")" stopped
check "state of a stopped container: pid 0 (runc, crun)" equals "$(ct state "$id" | jq -c '.pid')" 0
ERR=$(ct kill "$id" KILL 2>&1)
check "kill of a stopped container fails" contains "$ERR" "container not running"
ERR=$(ct kill "$id" 0 2>&1)
check "kill 0 of a stopped container fails" contains "$ERR" "container not running"
check "delete of a stopped container" ct delete "$id"
check "deleted: leaves nothing" leaves_nothing "$id" "$B"
ERR=$(ct state "$id" 2>&1)
check "state of an unknown id fails" contains "$ERR" "container '$id' does not exist"

# run -d, kill by number, delete -f
id=$(new_id)
bundle_with "$B" sleep 60
check "run -d returns" quiet ct run -d -b "$B" "$id"
check "running after run -d" equals "$(status_of "$id")" running
check "kill 9" ct kill "$id" 9
wait_status "$id" stopped 5
check "stopped after kill 9" equals "$(status_of "$id")" stopped
check "delete -f" ct delete -f "$id"
check "delete -f of an unknown id succeeds" ct delete -f "$id"

# kill --all reaches every process
id=$(new_id)
bundle_with "$B" sh -c 'sleep 60 & sleep 60 & wait'
ct run -d -b "$B" "$id" >/dev/null 2>&1
check "kill --all" ct kill --all "$id" KILL
wait_status "$id" stopped 5
check "stopped after kill --all" equals "$(status_of "$id")" stopped
ct delete "$id"
check "kill --all: leaves nothing" leaves_nothing "$id" "$B"

# a foreground run passes signals to init
id=$(new_id)
bundle_with "$B" sh -c 'trap "echo got-term; exit 3" TERM; while :; do sleep 0.1; done'
"$CT" --root "$CT_ROOT" run -b "$B" "$id" >"$TESTS_TMP/fg.out" 2>&1 &
runpid=$!
for _ in $(seq 50); do [ "$(status_of "$id")" = running ] && break; sleep 0.1; done
sleep 0.3
kill -TERM $runpid
wait $runpid
rc=$?
check "SIGTERM to ct run reaches init" contains "$(cat "$TESTS_TMP/fg.out")" got-term
check "exit status after the forwarded signal" equals "$rc" 3
check "foreground run deletes the container" leaves_nothing "$id" "$B"

# an id is taken while its container exists...
id=$(new_id)
quiet ct create -b "$B" "$id"
err=$(ct create -b "$B" "$id" 2>&1 </dev/null)
check "create of an existing id fails" contains "$err" "container '$id' already exists"
quiet ct delete -f "$id"
# ...and a state directory that a dead create left (no record, no lock) does not keep it
id=$(new_id)
mkdir -p "$CT_ROOT/$id"
quiet ct create -b "$B" "$id"
check "create takes over the directory of a create that died" equals "$(ct state "$id" | jq -r .status)" created
quiet ct delete -f "$id"
check "no temporary state directory is left" bash -c "! ls -a '$CT_ROOT' | grep -q '^\.new-'"

# another call holding the container's lock: start waits for it, then runs
id=$(new_id)
quiet ct create -b "$B" "$id"
rm -f "$TESTS_TMP/held" "$TESTS_TMP/released"
flock "$CT_ROOT/$id" sh -c 'touch "$1/held"; sleep 0.3; touch "$1/released"' _ "$TESTS_TMP" &
holder=$!
for _ in $(seq 100); do [ -e "$TESTS_TMP/held" ] && break; sleep 0.05; done
check "start while another call holds the lock succeeds" ct start "$id"
check "...only once that call let go" test -e "$TESTS_TMP/released"
check "...and the container runs" equals "$(status_of "$id")" running
wait "$holder"
quiet ct delete -f "$id"
check "...and goes" leaves_nothing "$id" "$B"

# socket activation (sd_listen_fds, as runc): with LISTEN_PID ct's own pid,
# the LISTEN_FDS fds from 3 on reach the process, told LISTEN_FDS and
# LISTEN_PID=1; --preserve-fds N passes the N after them
for n in 3 4 5 6; do echo "fd$n" >"$TESTS_TMP/f$n"; done
SA=$TESTS_TMP/sa
bundle_with "$SA" sh -c 'for f in 3 4 5 6; do [ -e /proc/self/fd/$f ] && read -r l <&$f && printf "%s " "$l"; done;
	echo "FDS=${LISTEN_FDS:-} PID=${LISTEN_PID:-} NAMES=${LISTEN_FDNAMES:-}"'
# activated LISTEN_FDS LISTEN_PID ARGS...: ct ARGS with fds 3 to 6 open on
# f3..f6 and LISTEN_FDS as given, LISTEN_PID ct's own pid ("self") or as given
activated() {
	local fds=$1 pid=$2
	shift 2
	bash -c 'd=$1 f=$2 p=$3; shift 3; exec 3<"$d/f3" 4<"$d/f4" 5<"$d/f5" 6<"$d/f6"
		[ "$p" = self ] && p=$$; LISTEN_FDS=$f LISTEN_PID=$p LISTEN_FDNAMES=a:b exec "$@"' \
		_ "$TESTS_TMP" "$fds" "$pid" "$CT" --root "$CT_ROOT" "$@"
}
out=$(activated 2 self run -b "$SA" "$(new_id)" 2>&1 </dev/null)
check "socket activation: the two fds and LISTEN_FDS=2 LISTEN_PID=1 (as runc)" equals "$out" \
	"fd3 fd4 FDS=2 PID=1 NAMES="
out=$(activated 2 self run --preserve-fds 1 -b "$SA" "$(new_id)" 2>&1 </dev/null)
check "socket activation with --preserve-fds 1: fd 5 too, after them (as runc)" equals "$out" \
	"fd3 fd4 fd5 FDS=2 PID=1 NAMES="
id=$(new_id)
activated 2 self create -b "$SA" "$id" >"$TESTS_TMP/sa.out" 2>&1 </dev/null
ct start "$id"
wait_status "$id" stopped 10
check "socket activation through create and start" equals "$(cat "$TESTS_TMP/sa.out")" \
	"fd3 fd4 FDS=2 PID=1 NAMES="
quiet ct delete -f "$id"
out=$(activated 2 1 run -b "$SA" "$(new_id)" 2>&1 </dev/null)
check "LISTEN_PID not ct's: nothing passed (as runc)" equals "$out" "FDS= PID= NAMES="
out=$(activated 0 self run -b "$SA" "$(new_id)" 2>&1 </dev/null)
check "LISTEN_FDS=0: nothing passed" equals "$out" "FDS= PID= NAMES="
out=$(activated x self run -b "$SA" "$(new_id)" 2>&1 </dev/null)
check "LISTEN_FDS not a number: nothing passed" equals "$out" "FDS= PID= NAMES="
# an fd the caller did not have open is not passed as whatever ct opened
# there (its state directory)
id=$(new_id)
out=$(activated 5 self run -b "$SA" "$id" 2>&1 </dev/null)
check "LISTEN_FDS past the open fds: refused" equals "$out" \
	"ct: socket activation (LISTEN_FDS=5): fd 7 is not open"
check "LISTEN_FDS past the open fds: leaves nothing" leaves_nothing "$id" "$SA"
out=$(ct run --preserve-fds 1 -b "$SA" "$(new_id)" 2>&1 3>&- </dev/null)
check "--preserve-fds over a closed fd: refused" equals "$out" "ct: --preserve-fds: fd 3 is not open"
out=$(ct run --preserve-fds 2 -b "$SA" "$(new_id)" 2>&1 3<"$TESTS_TMP/f3" 4<"$TESTS_TMP/f4" </dev/null)
check "--preserve-fds 2 alone: fds 3 and 4, no LISTEN_* variable" equals "$out" "fd3 fd4 FDS= PID= NAMES="

finish
